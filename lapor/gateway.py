"""SMS and WhatsApp delivery behind one function, with the backend chosen in settings
(LAPOR_SHORT_MESSAGE_BACKEND). The log backend is the default until a gateway is configured;
the webhook backend posts JSON, signed with HMAC-SHA256, to the region's gateway (a provider
or a small relay of its own); tests use the memory backend or a loopback server."""

import hashlib
import hmac
import json
import logging
import time
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20


class LogBackend:
    """Writes the message to the log instead of sending it (development, or no gateway yet).
    The number is masked: logs are read by more people than the reporter would expect."""

    def send(self, channel, to, text):
        logger.info("%s to %s…%s: %s", channel, to[:4], to[-2:], text)


class MemoryBackend:
    """Keeps sent messages in `outbox`, like Django's locmem e-mail backend."""

    outbox: list[tuple[str, str, str]] = []

    def send(self, channel, to, text):
        MemoryBackend.outbox.append((channel, to, text))


def send_short_message(channel, to, text):
    backend = import_string(settings.LAPOR_SHORT_MESSAGE_BACKEND)()
    backend.send(channel, to, text)


class GatewayError(Exception):
    """The gateway refused the message or could not be reached (the attempt is retried)."""


class WebhookBackend:
    """POST {"channel", "to", "text"} to LAPOR_SHORT_MESSAGE_WEBHOOK_URL with the headers
    X-Lapor-Timestamp and X-Lapor-Signature = hex HMAC-SHA256 of "<timestamp>.<body>" under
    LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET; any 2xx answer counts as accepted."""

    def send(self, channel, to, text):
        body = json.dumps({"channel": channel, "to": to, "text": text}).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL, data=body, method="POST",
            headers={"Content-Type": "application/json", "X-Lapor-Timestamp": timestamp,
                     "X-Lapor-Signature": sign(timestamp, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status = response.status
        except OSError as error:  # URLError and HTTPError are OSErrors
            raise GatewayError(f"gateway: {error}") from error
        if not 200 <= status < 300:
            raise GatewayError(f"gateway answered {status}")


def sign(timestamp, body):
    secret = settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET.encode()
    return hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
