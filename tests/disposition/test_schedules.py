import pytest
from django_q.models import Schedule

from disposition.schedules import HEARTBEAT, register_schedules

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
