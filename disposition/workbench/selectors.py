"""Read queries for the workbench: the complaint page and the actions open to its user.
Built on disposition.access, which decides what is visible."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import Person, access_for, sees_whole_region
from complaints import similar, workflow
from complaints.access import may_see_identity
from complaints.models import Complaint, Event
from complaints.notifications import reporter_address
from complaints.selectors import conversation_of
from complaints.workflow import Action, Actor, State
from disposition.access import complaints_for_staff, relation_to
from disposition.models import Disposition, InternalNote, Response
from disposition.workflow import (
    AnswerInProgress,
    allowed_actions,
    answer_in_progress,
    lead_disposition,
    open_response,
    refusal,
)

ACTOR_LABELS = {
    Actor.REPORTER: _("Pelapor"),
    Actor.COORDINATOR: _("Koordinator"),
    Actor.UNIT: _("Unit kerja"),
    Actor.SYSTEM: _("Sistem"),
    Actor.SUPPORTER: _("Warga pendukung"),
}


def may_attempt(name: str, user: Person, complaint: Complaint) -> bool:
    """Whether `user` holds a role for action `name` on this complaint at all, now or through
    an earlier disposition (else: 403). Whether it can be taken now is the service's to say,
    with a message: the page the user acted from may be out of date."""
    dispositions = Disposition.objects.filter(complaint=complaint)
    refused = refusal(name, relation_to(user, complaint, dispositions), complaint.state,
                      AnswerInProgress())
    return refused is None or not refused.forbidden


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
    conversation: list  # WhatsApp/SMS messages with the reporter
    tags: list
    duplicates: list  # likely the same problem (complaints.similar), while it may be merged
    supporters: int  # citizens following it, the reporters of merged reports among them
    merged_in: list  # reports merged into this one (not undone)


def _visible_responses(responses, rel, user: Person):
    """Drafts and contributions are for the coordinator, the lead unit and the contributing
    unit; everyone else who may open the complaint reads what was published."""
    if rel.is_coordinator or rel.is_lead_staff:
        return responses
    mine = access_for(user).unit_ids()
    return [r for r in responses
            if r.state == Response.State.PUBLISHED or r.disposition.unit_id in mine]


def _reopen_reason(complaint, events):
    """The reporter's "not solved" reason while the unit works on it again."""
    if complaint.state != State.IN_PROGRESS:
        return ""
    for event in reversed(events):
        if event.action in {Action.PUBLISH_ANSWER, Action.FOLLOW_UP}:
            return ""
        if event.action == Action.REOPEN:
            return event.note
    return ""


def workbench(complaint: Complaint, user: Person) -> Workbench:
    """Everything the complaint's workbench page shows `user`, in a fixed number of queries."""
    dispositions = list(
        Disposition.objects.filter(complaint=complaint).select_related("unit", "sent_by")
        .order_by("sent_at", "pk")
    )
    rel = relation_to(user, complaint, dispositions)
    responses = list(
        Response.objects.filter(complaint=complaint)
        .select_related("disposition__unit", "author", "approver")
        .prefetch_related("attachments")
    )
    events = list(Event.objects.filter(complaint=complaint).select_related("actor_user"))
    for event in events:
        event.actor_label = ACTOR_LABELS.get(event.actor, event.actor)
    lead = lead_disposition(complaint, dispositions)
    answer = open_response(lead, responses)
    shows_identity = may_see_identity(user, complaint)
    actions = allowed_actions(rel, complaint.state, answer_in_progress(lead, answer))
    return Workbench(
        complaint=complaint,
        relation=rel,
        shows_identity=shows_identity,
        reporter_email=reporter_address(complaint) if shows_identity else "",
        dispositions=dispositions,
        responses=_visible_responses(responses, rel, user),
        open_response=answer,
        notes=list(InternalNote.objects.filter(complaint=complaint)
                   .select_related("author", "unit")),
        events=events,
        attachments=list(complaint.attachments.filter(event__isnull=False)
                         .select_related("event")),
        reopen_reason=_reopen_reason(complaint, events),
        actions=actions,
        conversation=conversation_of(complaint),
        tags=list(complaint.tags.all()),
        duplicates=_likely_duplicates(complaint, user) if "merge" in actions else [],
        supporters=complaint.supporter_count,
        merged_in=list(Complaint.objects.filter(
            merges__primary=complaint, merges__undone_at__isnull=True).only(
                "pk", "tracking_code", "title")),
    )


def _likely_duplicates(complaint: Complaint, user: Person) -> list[Complaint]:
    """Reports the coordinator may merge this one into: near, recent, open, alike."""
    return similar.similar_reports(
        complaints_for_staff(user), title=complaint.title, category_id=complaint.category_id,
        place=similar.Place(complaint.latitude, complaint.longitude, complaint.district_id),
        exclude_pk=complaint.pk)


STAFF_CLOCK_STATES = sorted(workflow.STAFF_CLOCK_STATES)


def overdue(complaints: QuerySet, now: datetime | None = None) -> QuerySet:
    return complaints.filter(state__in=STAFF_CLOCK_STATES, due_at__lt=now or timezone.now())


def waiting_work(user: Person) -> dict[str, int]:
    """Counts for the admin's index: what waits for this user, in one query."""
    complaints = complaints_for_staff(user)
    late = Q(state__in=STAFF_CLOCK_STATES, due_at__lt=timezone.now())
    if sees_whole_region(user):
        return complaints.aggregate(
            triage=Count("pk", filter=Q(state__in=[State.SUBMITTED, State.RETURNED])),
            overdue=Count("pk", filter=late),
        )
    mine = access_for(user).unit_ids()
    return complaints.filter(Q(lead_unit_id__in=mine) | Q(working_unit_id__in=mine)).aggregate(
        new=Count("pk", filter=Q(state=State.DISPOSITIONED)),
        in_progress=Count("pk", filter=Q(state__in=[State.IN_PROGRESS, State.FOLLOWED_UP])),
        overdue=Count("pk", filter=late),
    )


def is_overdue(complaint: Complaint, now: datetime | None = None) -> bool:
    return (
        complaint.due_at is not None
        and complaint.state in STAFF_CLOCK_STATES
        and complaint.due_at < (now or timezone.now())
    )
