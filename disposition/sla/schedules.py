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


def schedule_definitions():
    return [
        {
            "name": HEARTBEAT,
            "func": "disposition.tasks.heartbeat",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
        },
        {
            "name": SLA_SWEEP,
            "func": "disposition.tasks.run_sla_sweep",
            "schedule_type": Schedule.MINUTES,
            "minutes": SWEEP_EVERY_MINUTES,
        },
        {
            "name": "lapor: dashboard rollup (recent months)",
            "func": "disposition.tasks.refresh_dashboard_recent",
            "schedule_type": Schedule.MINUTES,
            "minutes": 10,
        },
        {
            "name": "lapor: dashboard rollup (all months)",
            "func": "disposition.tasks.refresh_dashboard_all",
            "schedule_type": Schedule.DAILY,
            "first_run": _next_local(time(1, 0)),
        },
        {
            "name": "lapor: refresh holiday calendar",
            "func": "disposition.tasks.refresh_calendar",
            "schedule_type": Schedule.DAILY,
            "first_run": _next_local(time(0, 25)),
        },
        {
            "name": "lapor: sync staff access",
            "func": "disposition.tasks.sync_staff_access",
            "schedule_type": Schedule.DAILY,
            "first_run": _next_local(time(0, 5)),
        },
        {
            "name": "lapor: purge rate counters",
            "func": "disposition.tasks.purge_rate_counters",
            "schedule_type": Schedule.DAILY,
            "first_run": _next_local(time(0, 15)),
        },
    ]


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
