"""Read queries for the citizen's pages. Built on accounts.access, which decides what is visible."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from accounts import access
from complaints.models import Event

PUBLIC_LIST_RELATED = ["category", "lead_unit", "district"]


def public_list(*, query="", category=None, unit=None, district=None, state=None):
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


def timeline(complaint):
    """The events the reporter and the public may see, oldest first."""
    return list(Event.objects.filter(complaint=complaint, is_public=True).order_by("at", "pk"))


def attachments(complaint):
    return list(complaint.attachments.all())
