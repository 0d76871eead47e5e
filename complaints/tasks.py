"""Tasks for the worker. Thin: they take ids, load rows and send."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from complaints.models import Notification
from lapor import gateway
from lapor.mail import render_short, send_templated, site_url

# Messages to the reporter carry the private link; messages to staff link into the workbench.
REPORTER_KINDS = {"receipt", "status_update"}


def _context(notification):
    complaint = notification.complaint
    context = {"complaint": complaint, "event": notification.event, "unit": notification.unit}
    if complaint is None:
        return context
    if notification.kind in REPORTER_KINDS:
        context["private_url"] = site_url(
            reverse("complaints:private", args=[complaint.secret_key]))
        context["track_url"] = site_url(
            reverse("complaints:track_detail", args=[complaint.tracking_code]))
    else:
        context["admin_url"] = site_url(
            reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    return context


def deliver(notification_id):
    """Send one recorded message and record the outcome; a message already sent is not sent
    again. A failure is recorded and raised, so the worker lists it too."""
    notification = Notification.objects.select_related(
        "complaint", "complaint__category", "event", "unit").get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        return "already sent"
    pending = Notification.objects.filter(pk=notification.pk)
    pending.update(attempts=F("attempts") + 1)
    try:
        context = _context(notification)
        if notification.channel == Notification.Channel.EMAIL:
            send_templated(notification.kind, notification.recipient, context)
        else:
            gateway.send_short_message(notification.channel, notification.recipient,
                                       render_short(notification.kind, context))
    except Exception as error:
        pending.update(status=Notification.Status.FAILED, error=repr(error)[:2000])
        raise
    pending.update(status=Notification.Status.SENT, sent_at=timezone.now(), error="")
    return notification.recipient
