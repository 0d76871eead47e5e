"""Messages to people, recorded as Notification rows and delivered by the worker after commit.

Which template a kind uses and who may read it is decided here and in complaints/tasks.py;
staff messages never carry the reporter's private link or identity.
"""

from django.db import transaction
from django_q.tasks import async_task

from complaints.models import Channel, Notification

# Reports taken in from these channels get their tracking code by a short message to the phone.
SHORT_MESSAGE_CHANNELS = {
    Channel.WHATSAPP: Notification.Channel.WHATSAPP,
    Channel.SMS: Notification.Channel.SMS,
    Channel.PHONE: Notification.Channel.SMS,
    Channel.WALK_IN: Notification.Channel.SMS,
    Channel.LETTER: Notification.Channel.SMS,
}


def reporter_address(complaint):
    """Where the reporter reads e-mail: the address on the report, else the account's."""
    if complaint.reporter_email:
        return complaint.reporter_email
    return complaint.reporter.email if complaint.reporter_id else ""


def queue(kind, recipient, *, channel=Notification.Channel.EMAIL, complaint=None, event=None,
          unit=None):
    """Record one message and hand it to the worker once the current transaction commits."""
    if not recipient:
        return None
    notification = Notification.objects.create(
        kind=kind, channel=channel, recipient=recipient, complaint=complaint, event=event,
        unit=unit,
    )
    transaction.on_commit(lambda: async_task("complaints.tasks.deliver", notification.pk))
    return notification


def queue_receipt(complaint):
    """The tracking code: by e-mail when there is an address, else by SMS/WhatsApp for reports
    taken in from a channel with a phone. Returns the notification, or None when the reporter
    can only be told by hand (e.g. a social-media account)."""
    address = reporter_address(complaint)
    if address:
        return queue("receipt", address, complaint=complaint)
    short_channel = SHORT_MESSAGE_CHANNELS.get(complaint.channel)
    if short_channel and complaint.reporter_phone:
        return queue("receipt", complaint.reporter_phone, channel=short_channel,
                     complaint=complaint)
    return None


def queue_status_update(event):
    complaint = event.complaint
    return queue("status_update", reporter_address(complaint), complaint=complaint, event=event)


def queue_to_staff(kind, recipients, *, complaint, event=None, unit=None):
    """The same message to each distinct staff address."""
    queue_batch([Notification(kind=kind, recipient=recipient, complaint=complaint, event=event,
                              unit=unit)
                 for recipient in distinct_addresses(recipients)])


def distinct_addresses(recipients):
    return sorted({address.lower() for address in recipients if address})


def queue_batch(notifications):
    """Record many messages in one insert and hand them to the worker as one task after the
    commit (each is still delivered, and retried, on its own)."""
    created = Notification.objects.bulk_create(notifications)
    ids = [notification.pk for notification in created]
    if ids:
        transaction.on_commit(lambda: async_task("complaints.tasks.deliver_batch", ids))
    return created
