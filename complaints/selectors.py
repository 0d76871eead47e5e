"""Read queries for the citizen's pages, built on complaints.access (what is visible)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints import access, geo, search, similar
from complaints.models import (
    Attachment,
    Category,
    Complaint,
    Event,
    InboundMessage,
    Notification,
)
from complaints.sp4n import adapter as sp4n_adapter
from complaints.workflow import OPEN_STATES, TRANSITIONS, Action, Actor, available_actions
from lapor.channels import SMS, WHATSAPP, provider_for
from lapor.mail import really_sends

PUBLIC_LIST_RELATED = ["category", "lead_unit", "district"]
SEARCH_CANDIDATES = 300  # fifteen pages: the newest matches, ranked


def public_list(*, words: list[str] = (), category: Category | None = None,
                unit: Unit | None = None, district: Unit | None = None,
                state: str | None = None) -> tuple[QuerySet, bool]:
    """Public reports, newest verification first, and whether each has every searched word
    (complaints.search). A search orders by relevance the SEARCH_CANDIDATES newest matches,
    titles highlighted: ranking every report that mentions "jalan" in a large region would
    read most of the table for each page."""
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
    if not words:
        return complaints.order_by("-verified_at", "-pk"), True
    found = search.matching(complaints, words)
    # Read once: the page and its (capped) count then look the candidates up by key instead
    # of each scanning for them again (13 ms a scan at a million).
    newest = list(found.queryset.order_by("-verified_at", "-pk")
                  .values_list("pk", flat=True)[:SEARCH_CANDIDATES])
    candidates = complaints.filter(pk__in=newest)
    ranked = search.with_highlighted_title(search.ranked(candidates, found.query), found.query)
    return ranked.order_by("-rank", "-verified_at", "-pk"), found.every_word


def public_map_reports(*, category: int | None = None) -> QuerySet:
    """What the public map shows: public reports still being handled (of one category)."""
    complaints = access.public_complaints().filter(state__in=OPEN_STATES)
    return complaints.filter(category_id=category) if category else complaints


def supportable_reports() -> QuerySet:
    """Public reports another citizen may still join (“dukung laporan ini”): the workflow
    table's SUPPORT sources."""
    return access.public_complaints().filter(state__in=TRANSITIONS[Action.SUPPORT].sources)


def similar_for_filing(*, title, category_id, latitude, longitude, district_id):
    """Up to five public reports still being handled that look like the one being filed;
    the kecamatan from the pin when none was chosen."""
    if district_id is None and latitude is not None and longitude is not None:
        found = geo.district_at(latitude, longitude)
        district_id = found.pk if found else None
    place = similar.Place(latitude, longitude, district_id)
    if not place.known:  # nothing to compare with: not even a query built
        return []
    return similar.similar_reports(supportable_reports(), title=title,
                                   category_id=category_id, place=place)


def is_supportable(complaint: Complaint) -> bool:
    return access.is_public(complaint) and complaint.state in TRANSITIONS[Action.SUPPORT].sources


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
