"""The worker's recurring schedules, registered idempotently by `manage.py register_schedules`."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_q.models import Schedule

HEARTBEAT = "lapor: heartbeat"
SLA_SWEEP = "lapor: SLA sweep"
SWEEP_EVERY_MINUTES = 5


def _next_local(at):
    """The next occurrence of local time `at`, as an aware datetime."""
    now = timezone.localtime()
    candidate = timezone.make_aware(datetime.combine(now.date(), at))
    return candidate if candidate > now else candidate + timedelta(days=1)


def _every(minutes):
    return {"schedule_type": Schedule.MINUTES, "minutes": minutes}


def _daily_at(hour, minute):
    return {"schedule_type": Schedule.DAILY, "first_run": _next_local(time(hour, minute))}


def schedule_definitions():
    """(name, task in disposition/tasks.py, when) for every recurring job."""
    table = [
        (HEARTBEAT, "heartbeat", _every(1)),
        (SLA_SWEEP, "run_sla_sweep", _every(SWEEP_EVERY_MINUTES)),
        ("lapor: dashboard rollup (recent months)", "refresh_dashboard_recent", _every(10)),
        ("lapor: dashboard rollup (all months)", "refresh_dashboard_all", _daily_at(1, 0)),
        ("lapor: refresh holiday calendar", "refresh_calendar", _daily_at(0, 25)),
        ("lapor: sync staff access", "sync_staff_access", _daily_at(0, 5)),
        ("lapor: purge rate counters", "purge_rate_counters", _daily_at(0, 15)),
        ("lapor: expire conversations", "expire_conversations", _every(15)),
        ("lapor: follow forwarded reports", "follow_remote_requests", _every(15)),
        ("lapor: SP4N-LAPOR! sync", "sp4n_sync", _every(10)),
        ("lapor: retention of personal data", "apply_retention", _daily_at(2, 30)),
    ]
    return [{"name": name, "func": f"disposition.tasks.{task}", **when}
            for name, task, when in table]


def register_schedules():
    """Create missing schedules and correct changed ones; returns the names created."""
    created = []
    for definition in schedule_definitions():
        first_run = definition.pop("first_run", None) or timezone.now()
        schedule, was_created = Schedule.objects.get_or_create(
            name=definition["name"],
            defaults={**definition, "repeats": -1, "next_run": first_run},
        )
        changed = {k: v for k, v in definition.items() if getattr(schedule, k) != v}
        if changed:
            Schedule.objects.filter(pk=schedule.pk).update(**changed)
        if was_created:
            created.append(schedule.name)
    return created
