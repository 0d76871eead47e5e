"""Two workers handed the same phone at the same moment (the webhook queues one task per
request): the messages are read once, in order, and one report is filed."""

from datetime import UTC, datetime, timedelta

import pytest

from complaints.conversations import inbound
from complaints.conversations.dialogue import handle_phone
from complaints.models import Complaint, InboundMessage, Notification
from lapor.channels import Inbound
from tests.concurrency import at_once
from tests.factories import make_category

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = "+6281325550101"


def test_two_workers_on_one_phone_file_one_report(settings):
    settings.LAPOR_WHATSAPP_PROVIDER = "memory"
    make_category("lainnya")
    start = datetime.now(UTC)
    texts = ["Saluran air tersumbat di perumahan Griya Ungaran, banjir tiap hujan",
             "Ungaran Barat", "lanjut", "tidak", "setuju"]
    inbound.store("whatsapp", [Inbound(provider_id=f"m{i}", phone=PHONE, kind="text", text=text,
                                       received_at=start + timedelta(seconds=i))
                               for i, text in enumerate(texts)])
    handled = at_once(lambda: handle_phone("whatsapp", PHONE))
    assert sorted(handled) == [0, 5]
    assert Complaint.objects.count() == 1
    assert not InboundMessage.objects.filter(processed_at__isnull=True).exists()
    assert Notification.objects.filter(kind="conversation").count() == 4  # one per question
