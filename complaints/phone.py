"""Sending to a citizen's phone through the channel's provider (lapor/channels/): inside
WhatsApp's 24-hour customer-service window as free text, outside it as the pre-approved
template. The window opens with the citizen's last message, which lapor stored."""

from datetime import timedelta

from django.utils import timezone

from complaints.models import InboundMessage, Notification
from lapor.channels import Outcome, provider_for

WHATSAPP_WINDOW = timedelta(hours=24)


def window_open(phone: str, *, now=None) -> bool:
    since = (now or timezone.now()) - WHATSAPP_WINDOW
    return InboundMessage.objects.filter(channel=Notification.Channel.WHATSAPP, phone=phone,
                                         received_at__gte=since).exists()


def send(channel: str, phone: str, text: str) -> Outcome:
    provider = provider_for(channel)
    if channel == Notification.Channel.WHATSAPP and not window_open(phone):
        return provider.send_template(phone, text)
    return provider.send_text(phone, text)
