"""What every government-side step does first: lock the complaint, see who the person is to
it and how its answer stands, and ask disposition.workflow whether the action is open."""

from dataclasses import dataclass

from accounts.models import User
from complaints.models import Complaint
from complaints.services import lock
from complaints.workflow import Transition, TransitionNotAllowed
from disposition.access import StaffRelation, relation_to
from disposition.models import Disposition, Response
from disposition.workflow import (
    ANSWER_IN_MAKING,
    DISPOSITION_STEPS,
    answer_in_progress,
    lead_disposition,
    open_response,
    require,
)


def refuse(message: str):
    raise TransitionNotAllowed(message)


def require_text(text: str, message: str) -> None:
    if not text.strip():
        refuse(message)


@dataclass
class Situation:
    """The locked complaint and everything the rules looked at."""

    complaint: Complaint
    relation: StaffRelation
    dispositions: list[Disposition]
    lead: Disposition | None  # the lead unit's disposition in force
    response: Response | None  # the lead unit's answer in the making
    transition: Transition | None  # the complaint's step the action takes, checked


def begin(complaint: Complaint, user: User, action: str, *, reason: str = "") -> Situation:
    """Lock, look, check: the start of every step (inside the caller's transaction)."""
    locked = lock(complaint)
    dispositions = list(Disposition.objects.filter(complaint=locked).select_related("unit"))
    lead = lead_disposition(locked, dispositions)
    responses = [] if lead is None else list(
        Response.objects.filter(disposition=lead, state__in=ANSWER_IN_MAKING))
    response = open_response(lead, responses)
    relation = relation_to(user, locked, dispositions)
    transition = require(action, relation, locked, answer_in_progress(lead, response),
                         reason=reason)
    return Situation(locked, relation, dispositions, lead, response, transition)


def move_dispositions(dispositions, step: str, **fields) -> int:
    """Move the dispositions of a queryset that may take `step` (disposition.workflow)."""
    step = DISPOSITION_STEPS[step]
    return dispositions.filter(state__in=step.sources).update(state=step.target, **fields)

