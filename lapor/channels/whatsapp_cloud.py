"""Meta's WhatsApp Business Cloud API (the Graph API), the official route for a region's
WhatsApp number.

Outbound: POST {graph}/{phone-number-id}/messages with a bearer token; free text inside the
24-hour customer-service window, otherwise the pre-approved template LAPOR_WHATSAPP_TEMPLATE
with the text as its one body parameter. Inbound: the webhook's GET handshake
(hub.mode / hub.verify_token / hub.challenge, see `verify_subscription`) and, on every POST,
X-Hub-Signature-256 = "sha256=" + HMAC-SHA256 of the raw body under the app secret. Media is
fetched in two steps: its URL from the Graph API, then the bytes, both with the token."""

import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from lapor.channels.base import Inbound, InboundRejected, Outcome, Provider, ProviderError
from lapor.channels.geo import coordinate
from lapor.channels.http import get_bytes, post_json
from lapor.channels.signatures import hmac_hex, same
from lapor.phones import normalize_phone

KINDS = {"text", "image", "document", "location"}


def _auth():
    return {"Authorization": f"Bearer {settings.LAPOR_WHATSAPP_TOKEN}"}


def _graph(path):
    return f"{settings.LAPOR_WHATSAPP_GRAPH_URL.rstrip('/')}/{path}"


def verify_subscription(query) -> str | None:
    """The challenge to echo when Meta subscribes the webhook with our verify token."""
    if query.get("hub.mode") != "subscribe":
        return None
    if not settings.LAPOR_WHATSAPP_VERIFY_TOKEN or not same(
            settings.LAPOR_WHATSAPP_VERIFY_TOKEN, query.get("hub.verify_token", "")):
        return None
    return query.get("hub.challenge", "")


class CloudApiProvider(Provider):
    name = "cloud"

    def is_configured(self):
        return all([settings.LAPOR_WHATSAPP_TOKEN, settings.LAPOR_WHATSAPP_PHONE_NUMBER_ID,
                    settings.LAPOR_WHATSAPP_APP_SECRET, settings.LAPOR_WHATSAPP_TEMPLATE])

    def _send(self, to, message):
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual",
                   "to": to.lstrip("+"), **message}
        answer = post_json(_graph(f"{settings.LAPOR_WHATSAPP_PHONE_NUMBER_ID}/messages"),
                           payload, _auth(), who="WhatsApp Cloud API")
        try:
            return Outcome(accepted=True, provider_id=answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise ProviderError("WhatsApp Cloud API: no message id in its answer") from error

    def send_text(self, to, text):
        return self._send(to, {"type": "text", "text": {"preview_url": False, "body": text}})

    def send_template(self, to, text):
        # Template parameters take no line breaks and at most 1024 characters.
        parameter = " ".join(text.split())[:1024]
        return self._send(to, {"type": "template", "template": {
            "name": settings.LAPOR_WHATSAPP_TEMPLATE,
            "language": {"code": settings.LAPOR_WHATSAPP_TEMPLATE_LANGUAGE},
            "components": [{"type": "body",
                            "parameters": [{"type": "text", "text": parameter}]}],
        }})

    def fetch_media(self, media_id):
        if not media_id.isalnum():
            raise ProviderError("WhatsApp Cloud API: malformed media id")
        answer = graph_object(_graph(media_id))
        url = answer.get("url")
        if not url:
            raise ProviderError("WhatsApp Cloud API: no URL for this media")
        return get_bytes(url, _auth(), who="WhatsApp media")

    def parse_inbound(self, request):
        signature = request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + hmac_hex(settings.LAPOR_WHATSAPP_APP_SECRET, request.body)
        if not settings.LAPOR_WHATSAPP_APP_SECRET or not same(expected, signature):
            raise InboundRejected(403, "wrong or missing X-Hub-Signature-256")
        try:
            payload = json.loads(request.body)
            values = [change["value"] for entry in payload["entry"]
                      for change in entry.get("changes", [])]
        except (ValueError, KeyError, TypeError) as error:
            raise InboundRejected(400, f"malformed JSON: {error!r}") from error
        messages = []
        for value in values:
            number_id = (value.get("metadata") or {}).get("phone_number_id")
            if value.get("messages") and number_id != settings.LAPOR_WHATSAPP_PHONE_NUMBER_ID:
                raise InboundRejected(403, f"unknown phone-number id {number_id!r}")
            try:
                messages += [_message(item) for item in value.get("messages", [])]
            except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as error:
                raise InboundRejected(400, f"malformed message: {error!r}") from error
        return messages  # delivery statuses ("statuses") carry nothing to store


def graph_object(url):
    """GET a Graph API object as JSON."""
    content, _kind = get_bytes(url, _auth(), who="WhatsApp Cloud API")
    try:
        return json.loads(content)
    except ValueError as error:
        raise ProviderError("WhatsApp Cloud API: media lookup is not JSON") from error


def _message(item):
    kind = item["type"] if item["type"] in KINDS else "other"
    body = item.get(kind) if kind != "text" else None
    location = item.get("location") or {}
    return Inbound(
        provider_id=str(item["id"])[:120],
        phone=normalize_phone("+" + str(item["from"]).lstrip("+")),
        kind=kind,
        received_at=datetime.fromtimestamp(int(item["timestamp"]), UTC),
        text=(item.get("text") or {}).get("body", "") if kind == "text"
        else str((body or {}).get("caption", "")),
        media_id=str((body or {}).get("id", "")) if kind in {"image", "document"} else "",
        media_type=str((body or {}).get("mime_type", "")) if kind in {"image", "document"}
        else "",
        latitude=coordinate(location["latitude"], 90) if kind == "location" else None,
        longitude=coordinate(location["longitude"], 180) if kind == "location" else None,
        place=str(location.get("name") or location.get("address") or ""),
    )
