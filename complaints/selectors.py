"""Read queries for the citizen's pages, built on complaints.access (what is visible)."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from accounts.models import Unit
from complaints import access
from complaints.models import Attachment, Category, Complaint, Event
from complaints.workflow import Action, Actor, available_actions

PUBLIC_LIST_RELATED = access.COMPLAINT_PAGE_RELATED


def public_list(*, query: str = "", category: Category | None = None, unit: Unit | None = None,
                district: Unit | None = None, state: str | None = None) -> QuerySet:
    """Public reports, newest verification first; a search orders by relevance instead."""
    complaints = access.public_complaints().select_related(*PUBLIC_LIST_RELATED)
    if category:
        complaints = complaints.filter(category=category)
    if unit:
        complaints = complaints.filter(lead_unit=unit)
    if district:
        complaints = complaints.filter(district=district)
    if state:
        complaints = complaints.filter(state=state)
    if query:
        search = SearchQuery(query, search_type="websearch", config="simple")
        return complaints.filter(search=search).annotate(
            rank=SearchRank(F("search"), search)
        ).order_by("-rank", "-verified_at")
    return complaints.order_by("-verified_at", "-pk")


def timeline(complaint: Complaint) -> list[Event]:
    """The events the reporter and the public may see, oldest first."""
    return list(Event.objects.filter(complaint=complaint, is_public=True).order_by("at", "pk"))


def reporter_actions(complaint: Complaint) -> list[str]:
    """What the reporter may do now: the workflow table's actions, less a second rating
    (services.rate refuses one too)."""
    return [
        action
        for action in available_actions(complaint.state, Actor.REPORTER)
        if not (action == Action.RATE and complaint.rating is not None)
    ]


def attachments(complaint: Complaint) -> list[Attachment]:
    """What the reporter and the public may see: files of public steps (the report, the
    reporter's additions, a published answer); never a unit's draft or contribution."""
    return list(complaint.attachments.filter(event__is_public=True))
