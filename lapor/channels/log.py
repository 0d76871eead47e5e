"""Adapters that send nothing: the log adapter (the default until a provider is configured;
its messages are "dicatat, tidak dikirim", never "terkirim") and the memory adapter tests of
other parts use."""

import logging

from lapor.channels.base import Outcome, Provider

logger = logging.getLogger("lapor.channels")


def masked(phone: str) -> str:
    """Logs are read by more people than the reporter would expect."""
    return f"{phone[:4]}…{phone[-2:]}"


class LogProvider(Provider):
    name = "log"

    def send_text(self, to, text):
        logger.info("%s to %s (not sent, no provider): %s", self.channel, masked(to), text)
        return Outcome(accepted=False)


class MemoryProvider(Provider):
    """Keeps messages in `outbox`, like Django's locmem e-mail backend; for tests of parts
    that are not about channels."""

    name = "memory"
    outbox: list[tuple[str, str, str]] = []

    def is_configured(self):
        return True

    def send_text(self, to, text):
        MemoryProvider.outbox.append((self.channel, to, text))
        return Outcome(accepted=True, provider_id=f"memory-{len(MemoryProvider.outbox)}")
