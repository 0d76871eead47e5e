"""complaints.tasks.deliver: a failure is recorded with its error, a sent message is never sent
again."""

import pytest

from complaints.models import Notification
from tests.factories import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(category, people):
    return file_report(category)


def test_a_failed_delivery_is_recorded_with_its_error(complaint, people, settings):
    from tests.complaints.conftest import run_queued_tasks

    settings.MAILERS = {"default": {"BACKEND": "tests.complaints.test_delivery.BrokenMail"}}
    notification = Notification.objects.get(kind="receipt")
    with pytest.raises(ConnectionRefusedError):
        from complaints.tasks import deliver

        deliver(notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    assert "ConnectionRefusedError" in notification.error
    # The receipt's own task, queued with the report, finds it failed and waiting for its retry.
    assert run_queued_tasks() == ["not sent: already sent, in flight or waiting"]


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_a_message_already_sent_is_not_sent_again(complaint, mailoutbox):
    from complaints.tasks import deliver

    notification = Notification.objects.get(kind="receipt")
    deliver(notification.pk)
    assert deliver(notification.pk).startswith("not sent")
    assert len(mailoutbox) == 1
