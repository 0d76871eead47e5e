"""Whether lapor may say it is connected to SP4N-LAPOR!: a connector configured, and its last
sync succeeded. The footer asks (a context processor); so does the coordinators' page."""

from complaints.models import Sp4nSync
from complaints.sp4n import adapter


def last_sync() -> Sp4nSync | None:
    return Sp4nSync.objects.first()


def connected() -> bool:
    if not adapter.configured():
        return False  # no query: most regions run without the connector
    sync = last_sync()
    return sync is not None and sync.succeeded


def footer(request):
    return {"sp4n_connected": connected()}
