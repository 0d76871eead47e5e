"""The provider interface every phone channel adapter implements, and what it exchanges."""

from dataclasses import dataclass
from datetime import datetime


class ProviderError(Exception):
    """The provider refused the message or could not be reached (the attempt is retried)."""


class InboundRejected(Exception):
    """An inbound request that must change nothing: `status` is 403 (not signed by the
    provider, replayed, unknown sender id) or 400 (malformed)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    """What became of an outbound message: `accepted` only when a provider took it; a log
    adapter answers False (the message was recorded, not sent)."""

    accepted: bool
    provider_id: str = ""


@dataclass(frozen=True)
class Inbound:
    """One message a citizen sent, as the adapter read it from the provider's request."""

    provider_id: str  # unique per channel: a provider's retry carries the same id
    phone: str  # E.164
    kind: str  # text, image, document, location, other
    received_at: datetime
    text: str = ""
    media_id: str = ""  # for fetch_media
    media_type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    place: str = ""  # a location pin's name or address


class Provider:
    """One channel's provider. Adapters override what they support."""

    name = "?"

    def __init__(self, channel: str):
        self.channel = channel

    def is_configured(self) -> bool:
        """True when messages really leave lapor through this adapter."""
        return False

    def send_text(self, to: str, text: str) -> Outcome:
        raise NotImplementedError

    def send_template(self, to: str, text: str) -> Outcome:
        """A message outside a messenger's customer-service window (WhatsApp's 24 hours):
        a pre-approved template carrying `text`. Plain-text channels just send the text."""
        return self.send_text(to, text)

    def fetch_media(self, media_id: str) -> tuple[bytes, str]:
        """The bytes and content type of an inbound photo or document."""
        raise ProviderError(f"{self.name}: no media")

    def parse_inbound(self, request) -> list[Inbound]:
        """Verify an inbound HTTP request (signature, replay, sender) and read its messages;
        raises InboundRejected."""
        raise InboundRejected(403, f"{self.name} takes no inbound messages")

