"""Whether lapor may say it is connected to SP4N-LAPOR!: a connector configured, and its last
sync succeeded. The footer asks (a context processor); so does the coordinators' page."""

from django.core.cache import cache

from complaints.models import Sp4nSync
from complaints.sp4n import adapter


def last_sync() -> Sp4nSync | None:
    return Sp4nSync.objects.first()


CACHE_KEY, CACHE_SECONDS = "lapor:sp4n:connected", 60


def connected() -> bool:
    """Read on every page (the footer): no query without the connector, and at most one a
    minute per process with it; a new sync clears the answer (sync.run)."""
    if not adapter.configured():
        return False
    return cache.get_or_set(CACHE_KEY, _last_sync_succeeded, CACHE_SECONDS)


def _last_sync_succeeded():
    sync = last_sync()
    return sync is not None and sync.succeeded


def footer(request):
    return {"sp4n_connected": connected()}
