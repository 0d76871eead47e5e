import pytest
from django_q.models import Schedule

from disposition.sla.schedules import HEARTBEAT, register_schedules

pytestmark = pytest.mark.django_db


def test_registering_twice_creates_each_schedule_once():
    first = register_schedules()
    assert HEARTBEAT in first
    assert register_schedules() == []
    assert Schedule.objects.filter(name=HEARTBEAT).count() == 1


def test_registering_corrects_a_schedule_that_was_changed():
    register_schedules()
    Schedule.objects.filter(name=HEARTBEAT).update(func="somewhere.else", minutes=60)
    register_schedules()
    heartbeat = Schedule.objects.get(name=HEARTBEAT)
    assert (heartbeat.func, heartbeat.minutes) == ("disposition.tasks.heartbeat", 1)


def test_the_daily_sync_runs_after_midnight_local_time():
    from django.utils import timezone

    register_schedules()
    sync = Schedule.objects.get(name="lapor: sync staff access")
    local = timezone.localtime(sync.next_run)
    assert (local.hour, local.minute) == (0, 5)
    assert sync.schedule_type == Schedule.DAILY


def test_every_scheduled_function_exists_and_the_purge_is_registered():
    from django.utils.module_loading import import_string

    register_schedules()
    names = set(Schedule.objects.values_list("name", flat=True))
    assert "lapor: purge rate counters" in names
    for func in Schedule.objects.values_list("func", flat=True):
        assert callable(import_string(func)), func
