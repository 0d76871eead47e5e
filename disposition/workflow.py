"""The government side's rules, in tables beside the complaint's life cycle
(complaints/workflow.py):

- DISPOSITION_STEPS and RESPONSE_STEPS: how a disposition and an answer move between their
  states;
- STAFF_ACTIONS: each workbench action, the parties who may take it, the complaint's step (or
  states) it needs, and what its answer must be in;
- `refusal()`: the one answer to "may this person take this action here, now?". The buttons
  (disposition/workbench/selectors.py), the action view's 403 (workbench/admin.py) and every
  service's guard (disposition/services/) all ask it.

Pure: no database access. Who counts as which party is disposition/access.py's to say.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from complaints.workflow import (
    NOT_ALLOWED,
    TRANSITIONS,
    Action,
    Actor,
    State,
    Transition,
    TransitionNotAllowed,
    state_refusal,
    step_refusal,
)
from disposition.models import Disposition, Response


class Party(StrEnum):
    COORDINATOR = "coordinator"
    LEAD = "lead"  # an operator or head of the complaint's current lead unit
    SUB_UNIT = "sub_unit"  # an operator or head of the sub-unit the lead unit sent it down to
    APPROVER = "approver"  # a head of the current lead unit (approves its answers)
    SUPPORTING = "supporting"  # an operator or head of a unit supporting it now


# --- The records' own life cycles ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str


_D, _R = Disposition.State, Response.State
_LIVE = frozenset({_D.SENT, _D.ACCEPTED})

DISPOSITION_STEPS = {
    "accept": Step(frozenset({_D.SENT}), _D.ACCEPTED),
    # A reopened complaint is worked on under its answered disposition, so that one may be
    # returned or answered again.
    "return": Step(_LIVE | {_D.ANSWERED}, _D.RETURNED),
    "answer": Step(_LIVE | {_D.ANSWERED}, _D.ANSWERED),
    "withdraw": Step(_LIVE, _D.WITHDRAWN),  # re-routed, archived, forwarded, undone
    "transfer": Step(_LIVE | {_D.ANSWERED}, _D.TRANSFERRED),  # passed on to another unit
}

RESPONSE_STEPS = {
    "submit": Step(frozenset({_R.DRAFT}), _R.AWAITING_APPROVAL),
    "send_back": Step(frozenset({_R.AWAITING_APPROVAL}), _R.DRAFT),
    "publish": Step(frozenset({_R.DRAFT, _R.AWAITING_APPROVAL}), _R.PUBLISHED),
}


def advance(record, step: Step) -> None:
    """Move a loaded disposition or answer along `step` (the caller saves it)."""
    if record.state not in step.sources:
        raise TransitionNotAllowed(_("Status jawaban sudah berubah; muat ulang halaman."))
    record.state = step.target


# --- Who may take which workbench action ---------------------------------------------------------


@dataclass(frozen=True)
class AnswerInProgress:
    """The lead unit's answer as it stands: its state (None: nothing written yet), whether
    publishing it reports completion, whether the unit's answers need its head's approval,
    and whether the lead unit's disposition came by a transfer from another unit."""

    state: str | None = None
    needs_approval: bool = False
    completes: bool = True
    came_by_transfer: bool = False


_AWAITING = _R.AWAITING_APPROVAL


def _writable(party_roles, answer):
    if answer.state == _AWAITING:
        return _("Jawaban sedang menunggu persetujuan kepala unit dan tidak dapat diubah.")
    return None


def _submittable(party_roles, answer):
    if answer.state == _AWAITING:
        return _writable(party_roles, answer)
    if answer.state is None:
        return _("Belum ada konsep jawaban untuk diajukan.")
    if not answer.needs_approval:
        return _("Jawaban unit ini tidak memerlukan persetujuan; terbitkan langsung.")
    return None


def _publishable(party_roles, answer):
    """The approval rule: where the unit requires it, only its head publishes."""
    if answer.state is None:
        return _("Belum ada konsep jawaban untuk diterbitkan.")
    if answer.state == _AWAITING:
        return _("Jawaban sedang menunggu persetujuan kepala unit.")
    if answer.needs_approval and Party.APPROVER not in party_roles:
        return _("Jawaban unit ini harus disetujui kepala unit sebelum terbit.")
    return None


def _awaiting_approval(party_roles, answer):
    if answer.state != _AWAITING:
        return _("Tidak ada jawaban yang menunggu persetujuan.")
    return None


def _transferred(party_roles, answer):
    if not answer.came_by_transfer:
        return _("Laporan ini tidak sedang dialihkan antar-unit.")
    return None


def _answer_step(answer: AnswerInProgress) -> Action:
    """Publishing reports completion, or is the first answer while the work goes on."""
    return Action.PUBLISH_ANSWER if answer.completes else Action.FOLLOW_UP


@dataclass(frozen=True)
class StaffAction:
    parties: frozenset[Party]
    # The complaint's workflow step it takes (or needs open); a function of the answer where
    # that decides it.
    step: Action | Callable | None = None
    states: frozenset[State] | None = None  # without a step: where it may be taken
    answer_rule: Callable | None = None  # (parties held, AnswerInProgress) -> refusal or None


_COORDINATOR = frozenset({Party.COORDINATOR})
_LEAD = frozenset({Party.LEAD})
_APPROVER = frozenset({Party.APPROVER})
# Who works the answer: the lead unit, or the sub-unit its head sent the work down to.
_WORKERS = frozenset({Party.LEAD, Party.SUB_UNIT})
_ANY_PARTY = frozenset({Party.COORDINATOR, Party.LEAD, Party.SUB_UNIT, Party.SUPPORTING})

# In the order the workbench shows them.
STAFF_ACTIONS: dict[str, StaffAction] = {
    "dispose": StaffAction(_COORDINATOR, step=Action.DISPOSE),
    "request_info": StaffAction(_COORDINATOR, step=Action.REQUEST_INFO),
    "archive": StaffAction(_COORDINATOR, step=Action.ARCHIVE),
    "merge": StaffAction(_COORDINATOR, step=Action.MERGE),
    "unmerge": StaffAction(_COORDINATOR, step=Action.UNMERGE),
    "forward": StaffAction(_COORDINATOR, step=Action.FORWARD),
    "message_reporter": StaffAction(_COORDINATOR),
    "undo_transfer": StaffAction(_COORDINATOR, step=Action.UNDO_TRANSFER,
                                 answer_rule=_transferred),
    "accept": StaffAction(_LEAD, step=Action.ACCEPT),
    "delegate": StaffAction(_APPROVER, step=Action.DELEGATE),
    "ask_reporter": StaffAction(_WORKERS, step=Action.ASK_REPORTER),
    "withdraw_question": StaffAction(_WORKERS, step=Action.WITHDRAW_QUESTION),
    "progress": StaffAction(_WORKERS, step=Action.PROGRESS),
    "draft": StaffAction(_WORKERS, step=Action.PUBLISH_ANSWER, answer_rule=_writable),
    "submit_for_approval": StaffAction(_WORKERS, step=_answer_step, answer_rule=_submittable),
    "publish": StaffAction(_WORKERS, step=_answer_step, answer_rule=_publishable),
    "approve": StaffAction(_APPROVER, step=_answer_step, answer_rule=_awaiting_approval),
    "send_back": StaffAction(_APPROVER, step=Action.PUBLISH_ANSWER,
                             answer_rule=_awaiting_approval),
    "transfer": StaffAction(_LEAD, step=Action.TRANSFER),
    "return": StaffAction(_LEAD, step=Action.RETURN),
    "contribute": StaffAction(frozenset({Party.SUPPORTING}),
                              states=frozenset({State.DISPOSITIONED, State.IN_PROGRESS,
                                                State.FOLLOWED_UP})),
    "tag": StaffAction(_ANY_PARTY),
    "note": StaffAction(_ANY_PARTY),
}

def _step_of(action: StaffAction, answer: AnswerInProgress) -> Action | None:
    return action.step(answer) if callable(action.step) else action.step


def _actor(action: StaffAction) -> Actor:
    return Actor.COORDINATOR if Party.COORDINATOR in action.parties else Actor.UNIT


@dataclass(frozen=True)
class Refusal:
    message: str
    # The person holds no role for this action on this complaint, now or through an earlier
    # disposition: the action view answers 403. Otherwise the page may just be out of date.
    forbidden: bool = False


def refusal(name: str, relation, state: str, answer: AnswerInProgress, *,
            reason: str | None = None) -> Refusal | None:
    """Why the person in `relation` (disposition.access.StaffRelation) may not take staff
    action `name` on a complaint in `state` with `answer`; None when they may. A `reason`
    given is checked too, where the complaint's step needs one."""
    action = STAFF_ACTIONS[name]
    if not action.parties & relation.parties:
        return Refusal(NOT_ALLOWED, forbidden=not action.parties & relation.ever)
    step = _step_of(action, answer)
    if step is not None:
        message = step_refusal(step, state, _actor(action), reason=reason)
    elif action.states is not None and state not in action.states:
        message = state_refusal(state)
    else:
        message = None
    if message is None and action.answer_rule is not None:
        message = action.answer_rule(relation.parties, answer)
    return Refusal(message) if message else None


def allowed_actions(relation, state: str, answer: AnswerInProgress) -> list[str]:
    """The workbench actions open to `relation` now, in the order shown."""
    return [name for name in STAFF_ACTIONS if refusal(name, relation, state, answer) is None]


def require(name: str, relation, complaint, answer: AnswerInProgress, *,
            reason: str = "") -> Transition | None:
    """A service's guard, on the locked complaint: raises TransitionNotAllowed with the
    refusal's message; returns the complaint's workflow transition the action takes (already
    checked, with its reason) for complaints.services.take_step."""
    refused = refusal(name, relation, complaint.state, answer, reason=reason)
    if refused is not None:
        raise TransitionNotAllowed(refused.message)
    step = _step_of(STAFF_ACTIONS[name], answer)
    return TRANSITIONS[step] if step is not None else None


# --- The lead unit's disposition and answer, picked from loaded rows -----------------------------


def lead_disposition(complaint, dispositions):
    """The lead unit's disposition still in force (sent, accepted or answered), the newest."""
    current = [d for d in dispositions
               if d.role == Disposition.Role.LEAD and d.unit_id == complaint.lead_unit_id
               and d.state not in {_D.RETURNED, _D.WITHDRAWN, _D.TRANSFERRED}]
    return max(current, key=lambda d: (d.sent_at, d.pk), default=None)


ANSWER_IN_MAKING = frozenset({_R.DRAFT, _R.AWAITING_APPROVAL})


def open_response(disposition, responses):
    """The answer being written for `disposition` (a draft, or one awaiting approval)."""
    if disposition is None:
        return None
    return next((r for r in responses
                 if r.disposition_id == disposition.pk and r.state in ANSWER_IN_MAKING), None)


def answer_in_progress(disposition, response) -> AnswerInProgress:
    return AnswerInProgress(
        state=response.state if response is not None else None,
        needs_approval=disposition is not None and disposition.unit.answers_need_approval,
        completes=response is None or response.completes,
        came_by_transfer=disposition is not None and disposition.transferred_from_id is not None
        and disposition.state in _LIVE,
    )
