"""Tasks for the django-q2 worker. Thin: they take ids, load rows and call services."""

from django.utils import timezone

from accounts import ratelimit
from accounts.services import sync_all_staff_flags
from complaints import retention
from complaints.calendar_seed import seed_calendar
from complaints.conversations.dialogue import expire_stale
from complaints.sp4n import sync
from disposition import forwarding
from disposition.reporting import rollup
from disposition.sla import sweep as sla


def heartbeat():
    """Runs every minute; its finish time is the worker's heartbeat shown by /healthz."""
    return timezone.now().isoformat()


def sync_staff_access():
    """Daily: is_staff follows the appointments (SK) that start or end today."""
    return sync_all_staff_flags()


def purge_rate_counters():
    """Daily: forget the per-client submission counts of finished windows."""
    return ratelimit.purge()


def run_sla_sweep():
    """Every few minutes: reminders, escalation, digests, closing; see disposition/sla.py."""
    return sla.sweep().counts


def refresh_calendar():
    """Daily: next year's holidays appear as soon as the `holidays` package knows them."""
    return seed_calendar()


def refresh_dashboard_recent():
    """Every 10 minutes: this month's and last month's dashboard rollup."""
    return rollup.refresh_recent()


def refresh_dashboard_all():
    """Nightly: every month's rollup (late closings and ratings change old months too)."""
    return rollup.refresh_all()


def expire_conversations():
    """Every 15 minutes: WhatsApp/SMS drafts left unfinished are forgotten."""
    return expire_stale()


def apply_retention():
    """Daily: personal data past its retention period removed, for good (docs/security.md)."""
    return retention.run().counts


def file_remote(remote_request_id):
    """A forwarded report filed in the agency's Open311 portal (disposition/forwarding.py)."""
    return forwarding.file_remote(remote_request_id)


def follow_remote_requests():
    """Every 15 minutes: retry unfiled forwarded reports and poll the filed ones."""
    return forwarding.follow()


def sp4n_sync():
    """Every 10 minutes: reports SP4N-LAPOR! routed to the region (off when not configured)."""
    record = sync.run()
    return "off" if record is None else {"imported": record.imported, "error": record.error}
