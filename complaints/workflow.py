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
    WAITING_REPORTER = "waiting_reporter", _("Menunggu keterangan pelapor")  # the unit asked
    DISPOSITIONED = "dispositioned", _("Didisposisikan")
    RETURNED = "returned", _("Dikembalikan ke koordinator")
    IN_PROGRESS = "in_progress", _("Diproses")
    # The first answer (tindak lanjut) is out and the work goes on to the completion target.
    FOLLOWED_UP = "followed_up", _("Ditindaklanjuti, dalam pengerjaan")
    ANSWERED = "answered", _("Selesai ditindaklanjuti")  # the reporter's reply window runs
    CLOSED = "closed", _("Selesai")
    ARCHIVED = "archived", _("Diarsipkan")
    FORWARDED = "forwarded", _("Diteruskan ke instansi lain")
    # Joined to a report about the same problem: its reporter follows that one instead.
    MERGED = "merged", _("Digabungkan dengan laporan yang sama")


class Actor(StrEnum):
    REPORTER = "reporter"
    COORDINATOR = "coordinator"
    UNIT = "unit"  # an operator or head of the lead unit
    SYSTEM = "system"  # the worker: deadlines and automatic closing
    SUPPORTER = "supporter"  # a citizen who met the same problem and follows this report


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
    # A unit records a report from its own channels and handles it itself.
    TAKE_IN = "take_in", _("Dicatat dan ditangani langsung oleh unit kerja")
    DELEGATE = "delegate", _("Diteruskan ke sub-unit pelaksana")  # inside the unit
    TRANSFER = "transfer", _("Dialihkan ke unit kerja lain")  # unit to unit, with a reason
    UNDO_TRANSFER = "undo_transfer", _("Pengalihan dibatalkan koordinator")
    ASK_REPORTER = "ask_reporter", _("Unit kerja meminta keterangan pelapor")  # clock stops
    ANSWER_QUESTION = "answer_question", _("Pelapor memberi keterangan")
    WITHDRAW_QUESTION = "withdraw_question", _("Unit kerja menarik pertanyaan")
    QUESTION_EXPIRED = "question_expired", _("Keterangan tidak diterima; kembali ke unit kerja")
    PROGRESS = "progress", _("Perkembangan penanganan")  # no change of state
    # The first answer while the work goes on; PUBLISH_ANSWER is the answer that completes it.
    FOLLOW_UP = "follow_up", _("Tindak lanjut awal diterbitkan")
    PUBLISH_ANSWER = "publish_answer", _("Tindak lanjut diterbitkan")
    REPLY = "reply", _("Pelapor menanggapi")  # no change of state
    CONFIRM_SOLVED = "confirm_solved", _("Pelapor menyatakan selesai")
    REOPEN = "reopen", _("Pelapor menyatakan belum selesai")  # back to the unit, with a reason
    AUTO_CLOSE = "auto_close", _("Ditutup otomatis karena tidak ada tanggapan")
    RATE = "rate", _("Pelapor memberi penilaian")  # no change of state
    # The agency a report was forwarded to reports progress (its own portal, by Open311).
    REMOTE_UPDATE = "remote_update", _("Perkembangan dari instansi tujuan")
    # A citizen who met the same problem follows this report (complaints.services.support).
    SUPPORT = "support", _("Warga lain mengalami masalah yang sama")
    # A report about a problem already reported joins that one (disposition.services.merge).
    MERGE = "merge", _("Digabungkan dengan laporan yang sama")
    UNMERGE = "unmerge", _("Penggabungan dibatalkan koordinator")


# A step's target meaning "back to the state it was paused in" (Complaint.paused_state).
RESUME = "resume"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    # None: the complaint stays in its state (a reply, a rating); RESUME: back where it was.
    target: State | str | None
    actors: frozenset[Actor]
    needs_reason: bool = False


def _t(action, sources, target, actors, needs_reason=False):
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_reason)


S, A = State, Actor
_TRIAGE = {S.SUBMITTED, S.RETURNED}
_WITH_UNIT = {S.DISPOSITIONED, S.IN_PROGRESS}  # sent to a unit, no answer yet
_WORKING = {S.IN_PROGRESS, S.FOLLOWED_UP}  # the unit works on it
# Verified and not yet answered: a public report another citizen may still join.
_SUPPORTABLE = {S.DISPOSITIONED, S.RETURNED, S.IN_PROGRESS, S.WAITING_REPORTER, S.FOLLOWED_UP}

TRANSITIONS = {
    t.action: t
    for t in [
        # Creates the complaint: there is no state to come from.
        _t(Action.SUBMIT, set(), S.SUBMITTED, {A.REPORTER, A.COORDINATOR, A.UNIT}),
        _t(Action.DISPOSE, _TRIAGE, S.DISPOSITIONED, {A.COORDINATOR}),
        _t(Action.REQUEST_INFO, _TRIAGE, S.NEEDS_INFO, {A.COORDINATOR}, needs_reason=True),
        _t(Action.PROVIDE_INFO, {S.NEEDS_INFO}, S.SUBMITTED, {A.REPORTER}),
        _t(Action.INFO_EXPIRED, {S.NEEDS_INFO}, S.ARCHIVED, {A.SYSTEM}),
        _t(Action.ARCHIVE, _TRIAGE | {S.NEEDS_INFO}, S.ARCHIVED, {A.COORDINATOR},
           needs_reason=True),
        _t(Action.FORWARD, _TRIAGE, S.FORWARDED, {A.COORDINATOR}, needs_reason=True),
        _t(Action.ACCEPT, {S.DISPOSITIONED}, S.IN_PROGRESS, {A.UNIT}),
        _t(Action.RETURN, _WITH_UNIT, S.RETURNED, {A.UNIT}, needs_reason=True),
        _t(Action.TAKE_IN, {S.SUBMITTED}, S.IN_PROGRESS, {A.UNIT}),
        _t(Action.DELEGATE, _WITH_UNIT, S.IN_PROGRESS, {A.UNIT}),
        _t(Action.TRANSFER, _WITH_UNIT, S.DISPOSITIONED, {A.UNIT}, needs_reason=True),
        _t(Action.UNDO_TRANSFER, _WITH_UNIT, S.DISPOSITIONED, {A.COORDINATOR}),
        _t(Action.ASK_REPORTER, _WORKING, S.WAITING_REPORTER, {A.UNIT}, needs_reason=True),
        _t(Action.ANSWER_QUESTION, {S.WAITING_REPORTER}, RESUME, {A.REPORTER},
           needs_reason=True),
        _t(Action.WITHDRAW_QUESTION, {S.WAITING_REPORTER}, RESUME, {A.UNIT}),
        _t(Action.QUESTION_EXPIRED, {S.WAITING_REPORTER}, RESUME, {A.SYSTEM}),
        _t(Action.PROGRESS, _WORKING, None, {A.UNIT}, needs_reason=True),
        _t(Action.FOLLOW_UP, {S.IN_PROGRESS}, S.FOLLOWED_UP, {A.UNIT}),
        _t(Action.PUBLISH_ANSWER, _WORKING, S.ANSWERED, {A.UNIT}),
        _t(Action.REPLY, {S.FOLLOWED_UP, S.ANSWERED}, None, {A.REPORTER}, needs_reason=True),
        _t(Action.CONFIRM_SOLVED, {S.ANSWERED}, S.CLOSED, {A.REPORTER}),
        _t(Action.REOPEN, {S.ANSWERED}, S.IN_PROGRESS, {A.REPORTER}, needs_reason=True),
        _t(Action.AUTO_CLOSE, {S.ANSWERED}, S.CLOSED, {A.SYSTEM}),
        _t(Action.RATE, {S.ANSWERED, S.CLOSED}, None, {A.REPORTER}),
        _t(Action.REMOTE_UPDATE, {S.FORWARDED}, None, {A.SYSTEM}),
        _t(Action.SUPPORT, _SUPPORTABLE, None, {A.SUPPORTER}),
        _t(Action.MERGE, _TRIAGE | {S.NEEDS_INFO}, S.MERGED, {A.COORDINATOR}),
        _t(Action.UNMERGE, {S.MERGED}, RESUME, {A.COORDINATOR}),
    ]
}

FINAL_STATES = frozenset({S.CLOSED, S.ARCHIVED, S.FORWARDED, S.MERGED})
# Closed without being handled: counted together as archived on the dashboards.
SET_ASIDE_STATES = frozenset({S.ARCHIVED, S.MERGED})
OPEN_STATES = frozenset(State) - FINAL_STATES
# The SLA clock stops while the complaint waits for the reporter.
CLOCK_STOPPED_STATES = frozenset({S.NEEDS_INFO, S.WAITING_REPORTER})
# Where the deadline is the staff's (coordinator or unit): what reminders, escalation,
# "overdue" and digests look at: the first answer's deadline, then the completion target.
# After completion the clock is the reporter's reply window.
STAFF_CLOCK_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.DISPOSITIONED, S.IN_PROGRESS,
                                S.FOLLOWED_UP})


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
