"""Inbound messages from the webhooks: stored once, then left to the worker. The webhook
view does nothing slow: one INSERT … ON CONFLICT DO NOTHING and one task per phone."""

from django.db import transaction
from django_q.tasks import async_task

from complaints.models import InboundMessage
from lapor.channels import Inbound

MAX_TEXT = 10_000  # longer messages are kept this long; WhatsApp itself allows 4,096


def store(channel: str, messages: list[Inbound]) -> int:
    """Insert each message unless its provider id is known (a provider's retry); after the
    commit, one worker task per phone reads whatever of that phone is unprocessed. Returns
    how many messages were handed in (retries included)."""
    rows = [InboundMessage(
        channel=channel, provider_id=m.provider_id, phone=m.phone, kind=m.kind,
        text=m.text[:MAX_TEXT], media_id=m.media_id[:500], media_type=m.media_type[:100],
        latitude=None if m.latitude is None else round(m.latitude, 6),
        longitude=None if m.longitude is None else round(m.longitude, 6),
        place=m.place[:300], received_at=m.received_at,
    ) for m in messages]
    with transaction.atomic():
        InboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
        for phone in sorted({row.phone for row in rows}):
            transaction.on_commit(
                lambda phone=phone: async_task("complaints.tasks.handle_phone", channel, phone))
    return len(rows)
