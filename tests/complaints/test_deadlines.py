"""Stored deadlines: each policy, the stopped clock, the seeded calendar, and recomputing the
open deadlines when a coordinator edits a holiday or a policy."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from complaints import deadlines
from complaints import services as citizen
from complaints.calendar_seed import seed_calendar
from complaints.models import Complaint, DeadlinePolicy, Holiday
from disposition import services
from tests.factories import file_report, make_category

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
MONDAY_9 = datetime(2026, 11, 23, 9, tzinfo=WIB)
Stage = DeadlinePolicy.Stage


def due_day(complaint):
    return Complaint.objects.get(pk=complaint.pk).due_at.astimezone(WIB).date()


@pytest.fixture
def at_monday():
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


def test_without_policies_the_regulation_s_days_apply(category):
    assert [deadlines.policy_days(stage, category) for stage in Stage.values] == [3, 5, 10, 10]


def test_the_region_s_policy_then_the_category_s_override(category, units):
    other = make_category("lampu", unit=units.dishub)
    DeadlinePolicy.objects.create(stage=Stage.FIRST_RESPONSE, working_days=7)
    DeadlinePolicy.objects.create(stage=Stage.FIRST_RESPONSE, category=category, working_days=2)
    assert deadlines.policy_days(Stage.FIRST_RESPONSE, category) == 2
    assert deadlines.policy_days(Stage.FIRST_RESPONSE, other) == 7


def test_each_stage_gets_its_policy_s_deadline(at_monday, category, people, units):
    DeadlinePolicy.objects.create(stage=Stage.VERIFICATION, working_days=2)
    DeadlinePolicy.objects.create(stage=Stage.FIRST_RESPONSE, category=category, working_days=4)
    DeadlinePolicy.objects.create(stage=Stage.REPORTER_REPLY, working_days=6)
    complaint = file_report(category)
    assert due_day(complaint) == date(2026, 11, 24)  # Mon, Tue
    complaint = services.dispose(complaint=complaint, user=people.alice, lead_unit=units.dpu)
    assert due_day(complaint) == date(2026, 11, 26)  # Mon..Thu
    assert complaint.completion_due_at.astimezone(WIB).date() == date(2027, 2, 12)  # 60 days
    services.accept(complaint=complaint, user=people.bob)
    services.save_draft(complaint=complaint, user=people.bob, text="Sudah.")
    services.submit_for_approval(complaint=complaint, user=people.bob)
    complaint = services.approve(complaint=complaint, user=people.charlie)
    assert due_day(complaint) == date(2026, 11, 30)  # Mon..Fri and Monday 30


def test_the_clock_stops_while_the_reporter_is_asked_and_resumes_with_what_was_left(
        category, people):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file_report(category)  # due Wednesday 25
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=WIB), tick=False):
        complaint = services.request_info(complaint=complaint, user=people.alice,
                                          question="Lokasinya di mana?")
        assert complaint.paused_days_left == 2  # Tuesday and Wednesday were left
        assert due_day(complaint) == date(2026, 12, 7)  # the reporter's 10 days
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=WIB), tick=False):
        complaint = citizen.provide_info(complaint=complaint, text="Depan pasar.")
    assert due_day(complaint) == date(2026, 12, 3)  # Wed 2 and Thu 3: the 2 days left
    assert Complaint.objects.get(pk=complaint.pk).paused_days_left is None


def test_reopening_starts_a_new_answer_deadline(category, people, units):
    from tests.factories import answered

    complaint = answered(file_report(category), units.dishub)
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = citizen.reopen(complaint=complaint, reason="Belum.")
    assert due_day(complaint) == date(2026, 11, 27)


def test_seeding_adds_holidays_and_policies_once_and_keeps_edits(db):
    with time_machine.travel(MONDAY_9, tick=False):
        days, policies = seed_calendar()
        assert days > 60 and policies == 4
        idul_fitri = Holiday.objects.get(date=date(2026, 3, 21))
        assert idul_fitri.kind == "national" and "Idul Fitri" in idul_fitri.name
        assert Holiday.objects.get(date=date(2026, 3, 23)).kind == "collective_leave"
        Holiday.objects.filter(date=date(2026, 12, 24)).update(name="Cuti bersama (SKB revisi)")
        assert seed_calendar() == (0, 0)
    assert Holiday.objects.get(date=date(2026, 12, 24)).name == "Cuti bersama (SKB revisi)"
    assert {d.year for d in Holiday.objects.dates("date", "year")} == {2025, 2026, 2027}


def test_a_coordinator_adding_a_holiday_moves_open_deadlines(client, people, category,
                                                             at_monday):
    open_one = file_report(category)  # due Wednesday 25
    closed = file_report(category)
    services.archive(complaint=closed, user=people.alice, reason="spam")
    client.force_login(people.alice)
    response = client.post(reverse("admin:complaints_holiday_add"), {
        "date": "2026-11-24", "name": "Hari Jadi Kabupaten", "kind": "regional"})
    assert response.status_code == 302
    assert due_day(open_one) == date(2026, 11, 26)
    assert Complaint.objects.get(pk=closed.pk).due_at is None
    holiday = Holiday.objects.get()
    client.post(reverse("admin:complaints_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    assert due_day(open_one) == date(2026, 11, 25)


def test_a_coordinator_changing_a_policy_moves_open_deadlines(client, people, category,
                                                              at_monday):
    complaint = file_report(category)
    client.force_login(people.alice)
    client.post(reverse("admin:complaints_deadlinepolicy_add"),
                {"stage": "verification", "working_days": "5"})
    assert due_day(complaint) == date(2026, 11, 27)


@pytest.mark.parametrize("person", ["bob", "erin"])
def test_only_coordinators_edit_the_calendar(client, people, person):
    client.force_login(getattr(people, person))
    assert client.get(reverse("admin:complaints_holiday_changelist")).status_code == 200
    assert client.post(reverse("admin:complaints_holiday_add"), {
        "date": "2026-11-24", "name": "x", "kind": "regional"}).status_code == 403
    assert not Holiday.objects.exists()


def test_a_second_region_wide_policy_for_a_stage_is_refused(client, people):
    client.force_login(people.alice)
    DeadlinePolicy.objects.create(stage=Stage.VERIFICATION, working_days=3)
    response = client.post(reverse("admin:complaints_deadlinepolicy_add"),
                           {"stage": "verification", "working_days": "4"})
    assert response.status_code == 200
    assert "sudah punya ketentuan umum" in response.content.decode()
