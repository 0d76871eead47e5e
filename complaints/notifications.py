"""Messages to people, recorded as Notification rows and delivered by the worker after commit.

The worker's task is queued in the same transaction as the rows it delivers: django-q's ORM
broker is this database (settings.Q_CLUSTER["orm"]), so the task becomes visible exactly when
they commit, and vanishes with them when they roll back. A report's receipt is written in the
statement that files the report (`receipt_rows`) without a task: the worker's broker hands it
over (`hand_over_receipts`, complaints/broker.py), so a citizen's filing does not build,
sign and write one.

Which template a kind uses and who may read it is decided here and in complaints/tasks.py;
staff messages never carry the reporter's private link or identity.
"""

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from accounts.models import Appointment
from accounts.selectors import unit_staff_emails
from complaints.models import Channel, Notification, Supporter
from lapor.bulk import insert_by_copy

# Receipts queued per look at the queue (complaints/broker.py); more wait for the next look.
HAND_OVER_LIMIT = 200

# A reporter who left only a phone number hears every step on it: by WhatsApp when the report
# came by WhatsApp, else by SMS. Social-media accounts are answered by hand.
SHORT_MESSAGE_CHANNELS = {
    Channel.WEB: Notification.Channel.SMS,
    Channel.API: Notification.Channel.SMS,
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
          unit=None, body=""):
    """Record one message and hand it to the worker once the current transaction commits."""
    if not recipient:
        return None
    notification = Notification.objects.create(
        kind=kind, channel=channel, recipient=recipient, complaint=complaint, event=event,
        unit=unit, body=body,
    )
    async_task("complaints.tasks.deliver", notification.pk)
    return notification


def reporter_contact(complaint):
    """(channel, recipient) the reporter is told on: e-mail when there is an address, else
    their phone on the channel they used; None when they can only be told by hand."""
    address = reporter_address(complaint)
    if address:
        return Notification.Channel.EMAIL, address
    short_channel = SHORT_MESSAGE_CHANNELS.get(complaint.channel_id)
    if short_channel and complaint.reporter_phone:
        return short_channel, complaint.reporter_phone
    return None


def _to_reporter(kind, complaint, *, event=None, body=""):
    contact = reporter_contact(complaint)
    if contact is None:
        return None
    channel, recipient = contact
    return queue(kind, recipient, channel=channel, complaint=complaint, event=event, body=body)


def receipt_rows(complaint):
    """The message with the tracking code and private link, unsaved and not yet handed over:
    services.submit_complaint writes it in the statement that files the report (lapor/bulk.py
    insert_together), and the worker's broker queues its delivery (`hand_over_receipts`).
    Nothing when the reporter can only be told by hand (e.g. a social-media account)."""
    contact = reporter_contact(complaint)
    if contact is None:
        return []
    channel, recipient = contact
    return [Notification(kind="receipt", channel=channel, recipient=recipient,
                         complaint=complaint, handed_over_at=None)]


def hand_over_receipts(limit=HAND_OVER_LIMIT):
    """Queue a delivery for each message written without one (a report's receipt), at most
    `limit`, oldest first; returns their keys. Each is handed over once, whoever else calls
    this at the same time: the rows are taken with SKIP LOCKED and marked in the transaction
    that queues their tasks, so a failure leaves them for the next call."""
    with transaction.atomic():
        waiting = (Notification.objects.filter(handed_over_at__isnull=True).order_by("pk")
                   .select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        keys = list(waiting)
        if keys:
            Notification.objects.filter(pk__in=keys).update(handed_over_at=timezone.now())
            for key in keys:
                async_task("complaints.tasks.deliver", key)
    return keys


def queue_status_update(event):
    """A public step, told to the reporter and to the report's supporters."""
    queue_batch(_to_supporters([event]))
    return _to_reporter("status_update", event.complaint, event=event)


def queue_status_updates(events):
    """queue_status_update for many events: one insert, one task."""
    queue_batch([
        Notification(kind="status_update", channel=contact[0], recipient=contact[1],
                     complaint=event.complaint, event=event)
        for event in events if (contact := reporter_contact(event.complaint)) is not None
    ] + _to_supporters(events))


def _to_supporters(events):
    """Messages for the current supporters of the events' reports who left a contact: with
    the public tracking page, never the reporter's private link."""
    followed = {event.complaint_id for event in events if event.complaint.supporter_count}
    if not followed:  # most reports have none: no query
        return []
    supporters = {}
    for supporter in Supporter.objects.filter(
            complaint__in=followed, ended_at__isnull=True).exclude(contact=""):
        supporters.setdefault(supporter.complaint_id, []).append(supporter)
    return [Notification(kind="supporter_update", channel=supporter.contact_channel,
                         recipient=supporter.contact, complaint=event.complaint, event=event)
            for event in events for supporter in supporters.get(event.complaint_id, [])]


def queue_message_to_reporter(complaint, text):
    """A coordinator's own words to the reporter, on the reporter's channel."""
    return _to_reporter("staff_message", complaint, body=text)


def queue_national_follow_up(event):
    """A disposition, answer or closing of a national report, sent back to SP4N-LAPOR!"""
    return queue("sp4n_followup", event.complaint.national_id,
                 channel=Notification.Channel.SP4N, complaint=event.complaint, event=event)


def queue_national_follow_ups(events):
    queue_batch([Notification(kind="sp4n_followup", channel=Notification.Channel.SP4N,
                              recipient=event.complaint.national_id, complaint=event.complaint,
                              event=event) for event in events])


def queue_to_phone(channel, phone, text, *, complaint=None):
    """A reply in a WhatsApp/SMS conversation."""
    return queue("conversation", phone, channel=channel, complaint=complaint, body=text)


def queue_to_staff(kind, recipients, *, complaint, event=None, unit=None):
    """The same message to each distinct staff address."""
    queue_batch([Notification(kind=kind, recipient=recipient, complaint=complaint, event=event,
                              unit=unit)
                 for recipient in distinct_addresses(recipients)])


def queue_to_unit(kind, complaint, *, event=None):
    """Tell the unit working on the report (its sub-unit when the work was sent down, and the
    lead unit) — its address, operators and heads."""
    units = [unit for unit in (complaint.working_unit, complaint.lead_unit) if unit is not None]
    recipients = [address for unit in units for address in
                  [unit.notification_email, *unit_staff_emails(
                      unit, Appointment.Role.OPERATOR, Appointment.Role.APPROVER)]]
    queue_to_staff(kind, recipients, complaint=complaint, event=event,
                   unit=units[0] if units else None)


def distinct_addresses(recipients):
    return sorted({address.lower() for address in recipients if address})


def queue_batch(notifications):
    """Record many messages in one COPY and hand them to the worker as one task, queued in
    the same transaction (each is still delivered, and retried, on its own)."""
    created = insert_by_copy(notifications)
    ids = [notification.pk for notification in created]
    if ids:
        async_task("complaints.tasks.deliver_batch", ids)
    return created
