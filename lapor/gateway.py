"""SMS and WhatsApp delivery behind one function, with the backend chosen in settings
(LAPOR_SHORT_MESSAGE_BACKEND). The log backend is the default until a gateway is configured;
tests use the memory backend, i.e. the outside service is replaced at its edge."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


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
