"""Read queries for the citizen's pages, built on complaints.access (what is visible)."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints import access
from complaints.models import Attachment, Category, Complaint, Event, InboundMessage, Notification
from complaints.sp4n import adapter as sp4n_adapter
from complaints.workflow import Action, Actor, available_actions
from lapor.channels import SMS, WHATSAPP, provider_for
from lapor.mail import really_sends

PUBLIC_LIST_RELATED = ["category", "lead_unit", "district"]
SEARCH_CANDIDATES = 500


def public_list(*, query: str = "", category: Category | None = None, unit: Unit | None = None,
                district: Unit | None = None, state: str | None = None) -> QuerySet:
    """Public reports, newest verification first. A search orders by relevance the
    SEARCH_CANDIDATES newest matches: ranking every report that mentions "jalan" in a large
    region would read most of the table for each page."""
    complaints = (access.public_complaints().select_related(*PUBLIC_LIST_RELATED)
                  .defer("description", "search"))
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
        newest_matches = complaints.filter(search=search).order_by("-verified_at", "-pk")
        return complaints.filter(
            pk__in=newest_matches.values("pk")[:SEARCH_CANDIDATES]
        ).annotate(rank=SearchRank(F("search"), search)).order_by("-rank", "-verified_at", "-pk")
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


@dataclass(frozen=True)
class ChannelState:
    channel: str
    label: str
    configured: bool  # messages really leave lapor (else they are only logged)
    last_error: str  # the last attempt on this channel failed with this


def channel_states() -> list[ChannelState]:
    """Each outbound channel's state for the coordinators: configured or not, failing or not
    (by the outcome of its last attempted message)."""
    configured = {Notification.Channel.EMAIL: really_sends(),
                  Notification.Channel.WHATSAPP: provider_for(WHATSAPP).is_configured(),
                  Notification.Channel.SMS: provider_for(SMS).is_configured(),
                  Notification.Channel.SP4N: sp4n_adapter.configured()}
    states = []
    for channel, label in Notification.Channel.choices:
        last = (Notification.objects.filter(channel=channel, attempts__gt=0)
                .order_by("-created_at").only("status", "error").first())
        failing = last is not None and last.status == Notification.Status.FAILED
        states.append(ChannelState(channel, str(label), configured[channel],
                                   last.error if failing else ""))
    return states


def conversation_of(complaint: Complaint) -> list[dict]:
    """What the reporter and lapor said to each other by WhatsApp/SMS about this report,
    oldest first: inbound messages and the messages sent to the reporter's phone."""
    inbound = InboundMessage.objects.filter(complaint=complaint).order_by("received_at", "pk")
    outbound = Notification.objects.filter(
        complaint=complaint, channel__in=[Notification.Channel.WHATSAPP,
                                          Notification.Channel.SMS]).select_related("event")
    entries = [{"at": m.received_at, "incoming": True, "channel": m.get_channel_display(),
                "kind": m.kind, "text": m.text or m.place or m.get_kind_display(),
                "status": ""} for m in inbound]
    entries += [{"at": n.created_at, "incoming": False, "channel": n.get_channel_display(),
                 "kind": n.kind, "text": n.body or OUTBOUND_LABELS.get(n.kind, n.kind),
                 "status": n.get_status_display()} for n in outbound]
    return sorted(entries, key=lambda entry: entry["at"])


OUTBOUND_LABELS = {"receipt": _("Tanda terima: nomor tiket dan tautan pribadi"),
                   "status_update": _("Pembaruan status (isi seperti e-mail)")}
