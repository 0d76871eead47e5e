"""Importing from SP4N-LAPOR! and sending follow-ups back.

`run()` (the worker, every 10 minutes; the coordinators' "Sinkronkan sekarang") fetches what
the national system routed to the region since the last good sync, files each report it does
not know yet through the same service as the web form (channel SP4N-LAPOR!, the national ID
kept), and records the run. Follow-ups go back as Notification rows on channel "sp4n",
delivered once by complaints.tasks.deliver like every other message."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints import services
from complaints.models import Channel, Complaint, Sp4nSync
from complaints.sp4n import adapter, status
from complaints.sp4n.mapping import Unreadable, follow_up, to_report
from lapor.channels import ProviderError

logger = logging.getLogger(__name__)
OVERLAP = timedelta(hours=1)  # read a little of the last window again: imports are idempotent


def run() -> Sp4nSync | None:
    if not adapter.configured():
        return None
    last_good = Sp4nSync.objects.filter(finished_at__isnull=False, error="").first()
    record = Sp4nSync.objects.create()
    try:
        items = adapter.adapter().fetch_routed(
            last_good.started_at - OVERLAP if last_good else None)
        if not isinstance(items, list):
            raise ProviderError("SP4N-LAPOR!: the answer holds no list of reports")
        for item in items:
            outcome = _import(item)
            setattr(record, outcome, getattr(record, outcome) + 1)
    except ProviderError as error:
        record.error = str(error)[:2000]
        logger.warning("SP4N-LAPOR! sync failed: %s", error)
    record.finished_at = timezone.now()
    record.save()
    cache.delete(status.CACHE_KEY)  # the footer says at once whether this one succeeded
    return record


def _import(item) -> str:
    """"imported", "known" or "unreadable"."""
    try:
        fields = to_report(item if isinstance(item, dict) else {})
    except Unreadable as error:
        logger.warning("SP4N-LAPOR! report not readable: %s", error)
        return "unreadable"
    if Complaint.objects.filter(national_id=fields["national_id"]).exists():
        return "known"
    try:
        with transaction.atomic():
            services.submit_complaint(report=services.Report(**fields),
                                      channel=Channel.SP4N_LAPOR)
    except IntegrityError:  # the same report, imported at the same moment by another run
        return "known"
    return "imported"


def push(notification) -> bool:
    """Send one follow-up; True when the national system took it (False: not configured,
    recorded only)."""
    if not adapter.configured():
        return False
    adapter.adapter().push(notification.recipient, follow_up(notification.event))
    return True
