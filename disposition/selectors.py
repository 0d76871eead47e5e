"""Read queries for the workbench: the complaint page and the actions open to its user.
Built on accounts.access, which decides what is visible."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from complaints import workflow
from complaints.models import Event
from complaints.notifications import reporter_address
from complaints.workflow import Action, Actor, State, allowed
from disposition.models import Disposition, InternalNote, Response

ACTOR_LABELS = {
    Actor.REPORTER: _("Pelapor"),
    Actor.COORDINATOR: _("Koordinator"),
    Actor.UNIT: _("Unit kerja"),
    Actor.SYSTEM: _("Sistem"),
}
COORDINATOR_ACTIONS = [
    ("dispose", Action.DISPOSE),
    ("request_info", Action.REQUEST_INFO),
    ("archive", Action.ARCHIVE),
    ("forward", Action.FORWARD),
]


def staff_actions(complaint, rel, open_response):
    """The workbench actions `rel` (access.relation_to) may take now, in the order shown."""
    state = complaint.state
    names = [name for name, action in COORDINATOR_ACTIONS
             if rel.is_coordinator and allowed(action, state, Actor.COORDINATOR)]
    if rel.is_lead_staff:
        if allowed(Action.ACCEPT, state, Actor.UNIT):
            names.append("accept")
        if allowed(Action.PUBLISH_ANSWER, state, Actor.UNIT):
            names += _answer_actions(complaint, rel, open_response)
        if allowed(Action.RETURN, state, Actor.UNIT):
            names.append("return")
    if rel.supporting_unit_ids and state in {State.DISPOSITIONED, State.IN_PROGRESS}:
        names.append("contribute")
    if rel.is_coordinator or rel.is_lead_staff or rel.supporting_unit_ids:
        names.append("note")
    return names


def _answer_actions(complaint, rel, open_response):
    if open_response is not None and open_response.state == Response.State.AWAITING_APPROVAL:
        return ["approve", "send_back"] if rel.is_lead_approver else []
    needs_approval = complaint.lead_unit.answers_need_approval
    names = ["draft"]
    if open_response is not None:
        if needs_approval and not rel.is_lead_approver:
            names.append("submit_for_approval")
        else:
            names.append("publish")
    return names


LEAD_ACTIONS = {"accept", "return", "draft", "submit_for_approval", "publish"}
APPROVER_ACTIONS = {"approve", "send_back"}


def may_attempt(name, user, complaint):
    """Whether `user` holds a role for action `name` on this complaint at all (else: 403).
    Whether it can be taken now (state, current lead unit, a draft) is the service's to say,
    with a message: the page the user acted from may be out of date."""
    if name in {n for n, _action in COORDINATOR_ACTIONS}:
        return access.is_coordinator(user)
    held = access.access_for(user).roles_by_unit
    working = {access.Role.OPERATOR, access.Role.APPROVER}
    roles_by_role = {}
    for unit_id, role in Disposition.objects.filter(complaint=complaint).values_list(
            "unit_id", "role"):
        roles_by_role.setdefault(role, set()).update(held.get(unit_id, frozenset()))
    lead_roles = roles_by_role.get(Disposition.Role.LEAD, set())
    if name in LEAD_ACTIONS:
        return bool(lead_roles & working)
    if name in APPROVER_ACTIONS:
        return access.Role.APPROVER in lead_roles
    supporting = roles_by_role.get(Disposition.Role.SUPPORTING, set()) & working
    if name == "contribute":
        return bool(supporting)
    return name == "note" and (access.is_coordinator(user) or bool(lead_roles & working)
                               or bool(supporting))


@dataclass
class Workbench:
    complaint: object
    relation: object
    shows_identity: bool
    reporter_email: str  # empty unless shows_identity
    dispositions: list
    responses: list
    open_response: object
    notes: list
    events: list
    attachments: list
    reopen_reason: str
    actions: list


def _visible_responses(responses, rel, user):
    """Drafts and contributions are for the coordinator, the lead unit and the contributing
    unit; everyone else who may open the complaint reads what was published."""
    if rel.is_coordinator or rel.is_lead_staff:
        return responses
    mine = access.access_for(user).unit_ids()
    return [r for r in responses
            if r.state == Response.State.PUBLISHED or r.disposition.unit_id in mine]


def _reopen_reason(complaint, events):
    """The reporter's "not solved" reason while the unit works on it again."""
    if complaint.state != State.IN_PROGRESS:
        return ""
    for event in reversed(events):
        if event.action == Action.PUBLISH_ANSWER:
            return ""
        if event.action == Action.REOPEN:
            return event.note
    return ""


def workbench(complaint, user):
    """Everything the complaint's workbench page shows `user`, in a fixed number of queries."""
    dispositions = list(
        Disposition.objects.filter(complaint=complaint).select_related("unit", "sent_by")
        .order_by("sent_at", "pk")
    )
    rel = access.relation_to(user, complaint, [d for d in dispositions if d.is_active])
    responses = list(
        Response.objects.filter(complaint=complaint)
        .select_related("disposition__unit", "author", "approver")
        .prefetch_related("attachments")
    )
    events = list(Event.objects.filter(complaint=complaint).select_related("actor_user"))
    for event in events:
        event.actor_label = ACTOR_LABELS.get(event.actor, event.actor)
    open_response = next(
        (r for r in responses
         if r.state in {Response.State.DRAFT, Response.State.AWAITING_APPROVAL}
         and r.disposition.role == Disposition.Role.LEAD
         and r.disposition.unit_id == complaint.lead_unit_id
         and r.disposition.state not in {Disposition.State.RETURNED,
                                         Disposition.State.WITHDRAWN}),
        None,
    )
    shows_identity = access.may_see_identity(user, complaint)
    return Workbench(
        complaint=complaint,
        relation=rel,
        shows_identity=shows_identity,
        reporter_email=reporter_address(complaint) if shows_identity else "",
        dispositions=dispositions,
        responses=_visible_responses(responses, rel, user),
        open_response=open_response,
        notes=list(InternalNote.objects.filter(complaint=complaint)
                   .select_related("author", "unit")),
        events=events,
        attachments=list(complaint.attachments.filter(event__isnull=False)
                         .select_related("event")),
        reopen_reason=_reopen_reason(complaint, events),
        actions=staff_actions(complaint, rel, open_response),
    )


STAFF_CLOCK_STATES = sorted(workflow.STAFF_CLOCK_STATES)


def overdue(complaints, now=None):
    return complaints.filter(state__in=STAFF_CLOCK_STATES, due_at__lt=now or timezone.now())


def waiting_work(user):
    """Counts for the admin's index: what waits for this user, in one query."""
    complaints = access.complaints_for_staff(user)
    late = Q(state__in=STAFF_CLOCK_STATES, due_at__lt=timezone.now())
    if access.is_coordinator(user) or access.access_for(user).sees_whole_region:
        return complaints.aggregate(
            triage=Count("pk", filter=Q(state__in=[State.SUBMITTED, State.RETURNED])),
            overdue=Count("pk", filter=late),
        )
    mine = access.access_for(user).unit_ids()
    return complaints.filter(lead_unit_id__in=mine).aggregate(
        new=Count("pk", filter=Q(state=State.DISPOSITIONED)),
        in_progress=Count("pk", filter=Q(state=State.IN_PROGRESS)),
        overdue=Count("pk", filter=late),
    )


def is_overdue(complaint, now=None):
    return (
        complaint.due_at is not None
        and complaint.state in STAFF_CLOCK_STATES
        and complaint.due_at < (now or timezone.now())
    )
