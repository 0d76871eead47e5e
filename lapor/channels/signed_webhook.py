"""lapor's own signed JSON webhook, in both directions: for SMS gateways and Indonesian
WhatsApp Business Solution Providers, which relay to and from it (docs/channels.md documents
the JSON for a vendor).

Every request, either way, carries `X-Lapor-Timestamp` (Unix seconds) and
`X-Lapor-Signature` = hex HMAC-SHA256 of "<timestamp>.<body>" under the shared secret;
inbound requests older or newer than five minutes are refused as replays."""

import json
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from lapor.channels.base import Inbound, InboundRejected, Outcome, Provider, ProviderError
from lapor.channels.geo import coordinate
from lapor.channels.http import get_bytes, post_json
from lapor.channels.signatures import hmac_hex, same
from lapor.phones import normalize_phone

REPLAY_WINDOW_SECONDS = 300
KINDS = {"text", "image", "document", "location"}


def sign(timestamp: str, body: bytes) -> str:
    return hmac_hex(settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET, timestamp.encode() + b"." + body)


def signed_headers(body: bytes) -> dict:
    timestamp = str(int(time.time()))
    return {"X-Lapor-Timestamp": timestamp, "X-Lapor-Signature": sign(timestamp, body)}


class SignedWebhookProvider(Provider):
    name = "webhook"

    def is_configured(self):
        return bool(settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL
                    and settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET)

    def send_text(self, to, text):
        payload = {"channel": self.channel, "to": to, "type": "text", "text": text}
        body = json.dumps(payload).encode()
        answer = post_json(settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL, payload,
                           signed_headers(body), who="gateway")
        return Outcome(accepted=True, provider_id=str(answer.get("id", "")))

    def fetch_media(self, media_id):
        """`media_id` is the URL the gateway gave; fetched with the same signature, over the
        URL instead of a body."""
        if not media_id.startswith(("https://", "http://")):
            raise ProviderError("gateway: media is not a URL")
        return get_bytes(media_id, signed_headers(media_id.encode()), who="gateway")

    def parse_inbound(self, request):
        timestamp = request.headers.get("X-Lapor-Timestamp", "")
        if not timestamp.isdigit():
            raise InboundRejected(403, "missing or malformed X-Lapor-Timestamp")
        if abs(time.time() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
            raise InboundRejected(403, "timestamp outside the five-minute window (replay?)")
        if not same(sign(timestamp, request.body), request.headers.get("X-Lapor-Signature")):
            raise InboundRejected(403, "wrong signature")
        try:
            payload = json.loads(request.body)
            return [self._message(item) for item in payload["messages"]]
        except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as error:
            raise InboundRejected(400, f"malformed JSON: {error!r}") from error

    def _message(self, item):
        kind = item.get("type", "text")
        phone = normalize_phone(str(item["from"]))
        if kind not in KINDS or not phone or not str(item["id"]).strip():
            raise ValueError("id, from and a known type are needed")
        location = item.get("location") or {}
        media = item.get("media") or {}
        received = item.get("timestamp")
        return Inbound(
            provider_id=str(item["id"])[:120], phone=phone, kind=kind,
            received_at=datetime.fromtimestamp(int(received), UTC) if received
            else datetime.now(UTC),
            text=str(item.get("text") or item.get("caption") or ""),
            media_id=str(media.get("url", "")), media_type=str(media.get("mime_type", "")),
            latitude=coordinate(location.get("latitude"), 90),
            longitude=coordinate(location.get("longitude"), 180),
            place=str(location.get("name") or location.get("address") or ""),
        )
