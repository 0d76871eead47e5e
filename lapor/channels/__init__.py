"""Phone channels (WhatsApp, SMS): one provider interface (base.py) and its adapters. Which
adapter serves a channel is a setting (LAPOR_WHATSAPP_PROVIDER, LAPOR_SMS_PROVIDER);
`provider_for(channel)` builds it. Nothing here knows about complaints."""

from django.conf import settings

from lapor.channels.base import (
    Inbound,
    InboundRejected,
    Outcome,
    Provider,
    ProviderError,
)
from lapor.channels.log import LogProvider, MemoryProvider
from lapor.channels.signed_webhook import SignedWebhookProvider
from lapor.channels.whatsapp_cloud import CloudApiProvider

WHATSAPP, SMS = "whatsapp", "sms"
ADAPTERS = {
    "log": LogProvider,
    "memory": MemoryProvider,
    "webhook": SignedWebhookProvider,
    "cloud": CloudApiProvider,
}


def provider_name(channel: str) -> str:
    return settings.LAPOR_WHATSAPP_PROVIDER if channel == WHATSAPP else settings.LAPOR_SMS_PROVIDER


def provider_for(channel: str) -> Provider:
    return ADAPTERS[provider_name(channel)](channel)


__all__ = ["ADAPTERS", "SMS", "WHATSAPP", "Inbound", "InboundRejected", "MemoryProvider",
           "Outcome", "Provider",
           "ProviderError", "provider_for", "provider_name"]
