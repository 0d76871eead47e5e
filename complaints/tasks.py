"""Tasks for the worker. Thin: they take ids, load rows and send."""

import logging
from datetime import timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from complaints import access, phone
from complaints.conversations import dialogue
from complaints.models import Complaint, Notification
from complaints.sp4n import sync as sp4n_sync
from complaints.workflow import STAFF_CLOCK_STATES, State
from lapor.mail import render_short, send_templated, site_url

logger = logging.getLogger(__name__)

# Messages to the reporter carry the private link; messages to staff link into the workbench.
REPORTER_KINDS = {"receipt", "status_update", "staff_message", "conversation"}


DIGEST_LENGTH = 50
DIGEST_KINDS = {"unit_digest", "region_summary", "leader_summary"}


def _digest_context(notification):
    """What a digest lists, read when it is sent: codes, titles, deadlines (no reporter)."""
    now = timezone.now()
    open_work = Complaint.objects.filter(state__in=STAFF_CLOCK_STATES)
    if notification.kind == "unit_digest":
        mine = open_work.filter(lead_unit=notification.unit).order_by("due_at")
        return {"complaints": list(mine[:DIGEST_LENGTH]),
                "total": mine.count(),
                "overdue": mine.filter(due_at__lt=now).count(),
                "admin_url": site_url(reverse("admin:complaints_complaint_changelist"))}
    late_units = (open_work.filter(due_at__lt=now, lead_unit__isnull=False)
                  .values("lead_unit__name").annotate(
                      late=Count("pk"),
                      late_completion=Count("pk", filter=Q(state=State.FOLLOWED_UP)))
                  .order_by("-late")[:10 if notification.kind == "region_summary" else 30])
    by_state = open_work.values_list("state").annotate(n=Count("pk")).order_by("state")
    return {"by_state": [(State(state).label, n) for state, n in by_state],
            "to_verify": open_work.filter(state__in=["submitted", "returned"]).count(),
            "overdue": open_work.filter(due_at__lt=now).count(),
            "late_units": list(late_units),
            "admin_url": site_url(reverse("admin:complaints_complaint_changelist"))}


def _context(notification):
    complaint = notification.complaint
    context = {"complaint": complaint, "event": notification.event, "unit": notification.unit,
               "body": notification.body}
    if notification.kind in DIGEST_KINDS:
        return {**context, **_digest_context(notification)}
    if complaint is None:
        return context
    if notification.kind == "supporter_update":  # the public page, never the private link
        context["track_url"] = site_url(
            reverse("complaints:track_detail", args=[complaint.tracking_code]))
        # A supporter reads what the public reads: a confidential report's notes stay out.
        context["shows_note"] = access.is_public(complaint)
    elif notification.kind in REPORTER_KINDS:
        context["private_url"] = site_url(
            reverse("complaints:private", args=[complaint.secret_key]))
        context["track_url"] = site_url(
            reverse("complaints:track_detail", args=[complaint.tracking_code]))
    else:
        context["admin_url"] = site_url(
            reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    return context


MAX_ATTEMPTS = 5
# A send still "in flight" after this long is taken to have died with its worker.
SENDING_LEASE = timedelta(minutes=10)


def retry_delay(attempts):
    """Backoff after a failed attempt: 2, 4, 8, 16 minutes…"""
    return timedelta(minutes=2 ** attempts)


def _claim_for_sending(notification_id, now):
    """Take the row for this attempt with one conditional update: False when it was sent
    already, is being sent by someone else, has used up its attempts or waits for a retry."""
    return Notification.objects.filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=now - SENDING_LEASE),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=notification_id,
        status__in=[Notification.Status.QUEUED, Notification.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(sending_since=now, attempts=F("attempts") + 1) == 1


def deliver(notification_id):
    """Send one recorded message once and record the outcome. A failure is recorded with
    its error and a time for the next attempt (the SLA sweep re-queues it), and raised so the
    worker lists it too."""
    now = timezone.now()
    if not _claim_for_sending(notification_id, now):
        return "not sent: already sent, in flight or waiting"
    notification = Notification.objects.select_related(
        "complaint", "complaint__category", "event", "unit").get(pk=notification_id)
    row = Notification.objects.filter(pk=notification_id)
    provider_id = ""
    try:
        context = _context(notification)
        if notification.channel == Notification.Channel.EMAIL:
            accepted = send_templated(notification.kind, notification.recipient, context)
        elif notification.channel == Notification.Channel.SP4N:
            accepted = sp4n_sync.push(notification)
        else:
            text = notification.body or render_short(notification.kind, context)
            outcome = phone.send(notification.channel, notification.recipient, text)
            accepted, provider_id = outcome.accepted, outcome.provider_id
    except Exception as error:
        row.update(status=Notification.Status.FAILED, error=repr(error)[:2000],
                   sending_since=None,
                   next_attempt_at=timezone.now() + retry_delay(notification.attempts))
        raise
    # "Sent" only when a provider took it; without one the message was only logged.
    row.update(status=Notification.Status.SENT if accepted else Notification.Status.LOGGED,
               sent_at=timezone.now(), error="", sending_since=None, next_attempt_at=None,
               provider_id=provider_id)
    return notification.recipient


def deliver_batch(notification_ids):
    """Deliver each message; one failure is recorded on its row and does not stop the rest.
    Returns how many were sent."""
    sent = 0
    for notification_id in notification_ids:
        try:
            if not deliver(notification_id).startswith("not sent"):
                sent += 1
        except Exception:
            logger.exception("Delivery of notification %s failed", notification_id)
    return sent


def handle_phone(channel, phone):
    """Answer what a phone sent (complaints/conversations/dialogue.py)."""
    return dialogue.handle_phone(channel, phone)
