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


class Action(StrEnum):
    DISPOSE = "dispose"  # verify and send to the lead (and supporting) units
    REQUEST_INFO = "request_info"  # ask the reporter for more; the clock stops
    PROVIDE_INFO = "provide_info"  # the reporter adds what was asked
    INFO_EXPIRED = "info_expired"  # no answer within the window: archived as incomplete
    ARCHIVE = "archive"  # spam, unintelligible, not a public-service matter, duplicate
    FORWARD = "forward"  # outside the region (no wrong door)
    ACCEPT = "accept"  # the unit takes it on
    RETURN = "return"  # bukan kewenangan: back to the coordinator, with a reason
    PUBLISH_ANSWER = "publish_answer"  # the tindak lanjut is published to the reporter
    CONFIRM_SOLVED = "confirm_solved"  # the reporter says it is solved
    REOPEN = "reopen"  # the reporter says it is not solved, with a reason
    AUTO_CLOSE = "auto_close"  # the reporter stayed silent through the reply window


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State
    actors: frozenset[Actor]
    needs_reason: bool = False


def _t(action, sources, target, actors, needs_reason=False):
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_reason)


S, A = State, Actor
_TRIAGE = {S.SUBMITTED, S.RETURNED}

TRANSITIONS = {
    t.action: t
    for t in [
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
        _t(Action.CONFIRM_SOLVED, {S.ANSWERED}, S.CLOSED, {A.REPORTER}),
        _t(Action.REOPEN, {S.ANSWERED}, S.IN_PROGRESS, {A.REPORTER}, needs_reason=True),
        _t(Action.AUTO_CLOSE, {S.ANSWERED}, S.CLOSED, {A.SYSTEM}),
    ]
}

FINAL_STATES = frozenset({S.CLOSED, S.ARCHIVED, S.FORWARDED})
OPEN_STATES = frozenset(State) - FINAL_STATES
# The SLA clock stops while the complaint waits for the reporter.
CLOCK_STOPPED_STATES = frozenset({S.NEEDS_INFO})


class TransitionNotAllowed(Exception):
    """Raised with a message a person can read (Bahasa Indonesia by default)."""


def check(action, state, actor, *, reason=""):
    """The transition for `action`, or TransitionNotAllowed saying why not."""
    transition = TRANSITIONS[Action(action)]
    if State(state) not in transition.sources:
        raise TransitionNotAllowed(
            _("Tindakan ini tidak dapat dilakukan pada laporan berstatus “%(state)s”.")
            % {"state": State(state).label}
        )
    if Actor(actor) not in transition.actors:
        raise TransitionNotAllowed(_("Anda tidak berwenang melakukan tindakan ini."))
    if transition.needs_reason and not (reason or "").strip():
        raise TransitionNotAllowed(_("Alasan wajib diisi."))
    return transition


def allowed(action, state, actor):
    """Whether `actor` may take `action` in `state` (a reason, where needed, aside)."""
    transition = TRANSITIONS[Action(action)]
    return State(state) in transition.sources and Actor(actor) in transition.actors


def available_actions(state, actor):
    """The actions `actor` may take in `state`, in table order (for buttons and menus)."""
    return [action for action in TRANSITIONS if allowed(action, state, actor)]
