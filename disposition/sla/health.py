"""/healthz: for load balancers and monitoring, the database, the worker's heartbeat and the
last SLA sweep."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_q.models import Task

from disposition.models import SweepRun


@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        last_heartbeat = Task.objects.aggregate(last=Max("stopped"))["last"]
        last_sweep = SweepRun.objects.order_by("-started_at").first()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    stale_after = settings.LAPOR_HEARTBEAT_STALE_SECONDS
    age = (timezone.now() - last_heartbeat).total_seconds() if last_heartbeat else None
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "worker": {
                "last_heartbeat": last_heartbeat.isoformat() if last_heartbeat else None,
                "seconds_since_heartbeat": round(age) if age is not None else None,
                "stale": age is None or age > stale_after,
            },
            "sla_sweep": _sweep_status(last_sweep),
        }
    )


def _sweep_status(run):
    if run is None:
        return {"last_started": None}
    return {
        "last_started": run.started_at.isoformat(),
        "duration_ms": run.duration_ms,
        "finished": run.finished_at is not None,
        "error": bool(run.error),
        "counts": run.counts,
    }
