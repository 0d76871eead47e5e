"""The complaint's life cycle: its states and every allowed transition, in one table.

Pure: no database access. Services (complaints/services.py, disposition/services.py) call
`check()` before they change a complaint's state, inside their transaction and after locking
the row; views, admin actions and tasks only call services.

Who acts is one of four parties. Which person counts as which party (the reporter by account
or private link; a coordinator or a lead-unit operator/head by appointment) is decided by
accounts/access.py, not here.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    NEEDS_INFO = "needs_info", _("Menunggu kelengkapan")
    DISPOSITIONED = "dispositioned", _("Didisposisikan")
    RETURNED = "returned", _("Dikembalikan ke koordinator")
    IN_PROGRESS = "in_progress", _("Diproses")
    ANSWERED = "answered", _("Ditindaklanjuti")
    CLOSED = "closed", _("Selesai")
    ARCHIVED = "archived", _("Diarsipkan")
    FORWARDED = "forwarded", _("Diteruskan ke instansi lain")


class Actor(StrEnum):
    REPORTER = "reporter"
    COORDINATOR = "coordinator"
    UNIT = "unit"  # an operator or head of the lead unit
    SYSTEM = "system"  # the worker: deadlines and automatic closing


class Action(models.TextChoices):
    # The label is what the reporter reads on the public timeline.
    SUBMIT = "submit", _("Laporan diterima")
    DISPOSE = "dispose", _("Diverifikasi dan didisposisikan")
    REQUEST_INFO = "request_info", _("Koordinator meminta kelengkapan")  # the clock stops
    PROVIDE_INFO = "provide_info", _("Pelapor melengkapi laporan")
    INFO_EXPIRED = "info_expired", _("Diarsipkan karena kelengkapan tidak diterima")
    ARCHIVE = "archive", _("Diarsipkan")  # spam, unintelligible, not public service, duplicate
    FORWARD = "forward", _("Diteruskan ke instansi lain")  # outside the region: no wrong door
    ACCEPT = "accept", _("Diterima oleh unit kerja")
    RETURN = "return", _("Dikembalikan ke koordinator")  # bukan kewenangan, with a reason
    PUBLISH_ANSWER = "publish_answer", _("Tindak lanjut diterbitkan")
    REPLY = "reply", _("Pelapor menanggapi")  # no change of state
    CONFIRM_SOLVED = "confirm_solved", _("Pelapor menyatakan selesai")
    REOPEN = "reopen", _("Pelapor menyatakan belum selesai")  # back to the unit, with a reason
    AUTO_CLOSE = "auto_close", _("Ditutup otomatis karena tidak ada tanggapan")
    RATE = "rate", _("Pelapor memberi penilaian")  # no change of state
    # The agency a report was forwarded to reports progress (its own portal, by Open311).
    REMOTE_UPDATE = "remote_update", _("Perkembangan dari instansi tujuan")


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State | None  # None: the complaint stays in its state (a reply, a rating)
    actors: frozenset[Actor]
    needs_reason: bool = False


def _t(action, sources, target, actors, needs_reason=False):
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_reason)


S, A = State, Actor
_TRIAGE = {S.SUBMITTED, S.RETURNED}

TRANSITIONS = {
    t.action: t
    for t in [
        # Creates the complaint: there is no state to come from.
        _t(Action.SUBMIT, set(), S.SUBMITTED, {A.REPORTER, A.COORDINATOR}),
        _t(Action.DISPOSE, _TRIAGE, S.DISPOSITIONED, {A.COORDINATOR}),
        _t(Action.REQUEST_INFO, _TRIAGE, S.NEEDS_INFO, {A.COORDINATOR}, needs_reason=True),
        _t(Action.PROVIDE_INFO, {S.NEEDS_INFO}, S.SUBMITTED, {A.REPORTER}),
        _t(Action.INFO_EXPIRED, {S.NEEDS_INFO}, S.ARCHIVED, {A.SYSTEM}),
        _t(Action.ARCHIVE, _TRIAGE | {S.NEEDS_INFO}, S.ARCHIVED, {A.COORDINATOR},
           needs_reason=True),
        _t(Action.FORWARD, _TRIAGE, S.FORWARDED, {A.COORDINATOR}, needs_reason=True),
        _t(Action.ACCEPT, {S.DISPOSITIONED}, S.IN_PROGRESS, {A.UNIT}),
        _t(Action.RETURN, {S.DISPOSITIONED, S.IN_PROGRESS}, S.RETURNED, {A.UNIT},
           needs_reason=True),
        _t(Action.PUBLISH_ANSWER, {S.IN_PROGRESS}, S.ANSWERED, {A.UNIT}),
        _t(Action.REPLY, {S.ANSWERED}, None, {A.REPORTER}, needs_reason=True),
        _t(Action.CONFIRM_SOLVED, {S.ANSWERED}, S.CLOSED, {A.REPORTER}),
        _t(Action.REOPEN, {S.ANSWERED}, S.IN_PROGRESS, {A.REPORTER}, needs_reason=True),
        _t(Action.AUTO_CLOSE, {S.ANSWERED}, S.CLOSED, {A.SYSTEM}),
        _t(Action.RATE, {S.ANSWERED, S.CLOSED}, None, {A.REPORTER}),
        _t(Action.REMOTE_UPDATE, {S.FORWARDED}, None, {A.SYSTEM}),
    ]
}

FINAL_STATES = frozenset({S.CLOSED, S.ARCHIVED, S.FORWARDED})
OPEN_STATES = frozenset(State) - FINAL_STATES
# The SLA clock stops while the complaint waits for the reporter.
CLOCK_STOPPED_STATES = frozenset({S.NEEDS_INFO})
# Where the deadline is the staff's (coordinator or unit): what reminders, escalation,
# "overdue" and digests look at. After an answer the clock is the reporter's reply window.
STAFF_CLOCK_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.DISPOSITIONED, S.IN_PROGRESS})


class TransitionNotAllowed(Exception):
    """Raised with a message a person can read (Bahasa Indonesia by default)."""


NOT_ALLOWED = _("Anda tidak berwenang melakukan tindakan ini.")


def state_refusal(state):
    return _("Tindakan ini tidak dapat dilakukan pada laporan berstatus “%(state)s”.") % {
        "state": State(state).label}


def step_refusal(action, state, actor, *, reason=None):
    """Why `actor` may not take `action` in `state` (with `reason`, when one is given), or
    None when the table allows it."""
    transition = TRANSITIONS[Action(action)]
    if State(state) not in transition.sources:
        return state_refusal(state)
    if Actor(actor) not in transition.actors:
        return NOT_ALLOWED
    if reason is not None and transition.needs_reason and not reason.strip():
        return _("Alasan wajib diisi.")
    return None


def check(action, state, actor, *, reason=""):
    """The transition for `action`, or TransitionNotAllowed saying why not."""
    message = step_refusal(action, state, actor, reason=reason or "")
    if message is not None:
        raise TransitionNotAllowed(message)
    return TRANSITIONS[Action(action)]


def allowed(action, state, actor):
    """Whether `actor` may take `action` in `state` (a reason, where needed, aside)."""
    return step_refusal(action, state, actor) is None


def available_actions(state, actor):
    """The actions `actor` may take in `state`, in table order (for buttons and menus)."""
    return [action for action in TRANSITIONS if allowed(action, state, actor)]
