"""`make run`'s demo has a past: a year of reports (load_demo --history), made once, finished
months ago and at work lately, a slow unit and a fast one, canned answers — and the
dashboard's twelve months and /statistik/ show it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.test import Client
from django.utils import timezone

from accounts.models import User
from complaints.models import Complaint, Holiday
from complaints.workflow import FINAL_STATES
from disposition.demo.history import HISTORY_SIZE
from disposition.models import ResponseTemplate

pytestmark = pytest.mark.django_db


def test_the_demo_carries_a_year_that_the_dashboard_shows():
    call_command("seed_calendar", verbosity=0)
    call_command("load_demo", "--history", verbosity=0)
    past = Complaint.objects.filter(source_reference="generate_complaints")
    assert past.count() == HISTORY_SIZE
    call_command("load_demo", "--history", verbosity=0)  # a second run makes nothing more
    assert past.count() == HISTORY_SIZE
    old = past.filter(submitted_at__lt=timezone.now() - timedelta(days=46))
    assert old.exists() and not old.exclude(state__in=FINAL_STATES).exists()
    assert past.exclude(state__in=FINAL_STATES).exists()  # the last weeks are at work
    pace = {code: past.filter(lead_unit__code=code).aggregate(
        days=Avg("days_to_first_answer"))["days"] for code in ("DPU", "DISHUB")}
    assert pace["DPU"] > 2 * pace["DISHUB"]  # the slow unit and the fast one
    assert ResponseTemplate.objects.filter(category__code="jalan").count() == 2
    # The staff's steps fall on working days: no weekend, no holiday (but for today's).
    holidays = set(Holiday.objects.values_list("date", flat=True))
    yesterday = timezone.localdate() - timedelta(days=1)
    for answered in past.exclude(first_answered_at=None).values_list("first_answered_at",
                                                                        flat=True):
        day = timezone.localtime(answered).date()
        assert day > yesterday or (day.isoweekday() < 6 and day not in holidays), day

    client = Client()
    client.force_login(User.objects.get(email="koordinator@lapor.test"))
    trend = client.get("/dasbor/").context["trend"]  # the twelve months up to this one
    assert len(trend) == 12 and all(month["received"] > 0 for month in trend)
    statistics = Client().get("/statistik/")
    assert statistics.status_code == 200
    assert "Dinas Pekerjaan Umum" in statistics.content.decode()
