"""The completion target is reminded and escalated like the other deadlines; the ladder can
reach the region's leaders; the leaders get a weekly summary of overdue work per unit."""

import pytest
import time_machine

from complaints.models import Complaint, Notification
from disposition import services
from disposition.models import SlaClaim
from tests.complaints.conftest import run_queued_tasks
from tests.disposition.helpers import in_progress
from tests.disposition.sla.test_sweep import at, sent, sweep_at
from tests.factories import appoint, file_report, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed_up(category, units, people):
    """Answered first on Monday 23 November; the work goes on to its completion target."""
    category.completion_days = 5
    category.save()
    with time_machine.travel(at(23), tick=False):
        working = in_progress(file_report(category), units.dpu, people.alice, people.bob)
        services.save_draft(complaint=working, user=people.bob, completes=False,
                            text="Dijadwalkan minggu ini.")
        services.submit_for_approval(complaint=working, user=people.bob)
        return services.approve(complaint=working, user=people.charlie)


def test_the_completion_target_is_reminded_then_escalated(followed_up):
    assert followed_up.due_at == followed_up.completion_due_at == at(27, 23, 59).replace(
        second=59)
    assert sweep_at(at(26, 9)).counts["reminders"] == 1
    assert sent("sla_reminder") == ["bob@lapor.test"]
    assert sweep_at(at(28, 9)).counts["escalations"] == 1
    assert sent("sla_escalation") == ["bob@lapor.test", "charlie@lapor.test"]


def test_a_completed_report_is_no_longer_chased(followed_up, people):
    services.save_draft(complaint=followed_up, user=people.bob, text="Selesai ditambal.")
    services.submit_for_approval(complaint=followed_up, user=people.bob)
    services.approve(complaint=followed_up, user=people.charlie)
    sweep_at(at(30, 9))
    assert sent("sla_escalation") == []


def test_the_sub_unit_working_on_it_is_reminded_too(category, units, people):
    sub = make_unit("DPU-BM", "division", name="Bidang Bina Marga", parent=units.dpu)
    hana = make_user("hana@lapor.test")
    appoint(hana, sub, "operator")
    with time_machine.travel(at(23), tick=False):
        complaint = in_progress(file_report(category), units.dpu, people.alice, people.bob)
        services.delegate(complaint=complaint, user=people.charlie, sub_unit=sub)
    sweep_at(at(26, 9))  # the answer is due Friday 27
    assert sent("sla_reminder") == ["bob@lapor.test", "hana@lapor.test"]


def test_the_ladder_can_name_the_leaders(followed_up, settings):
    settings.LAPOR_ESCALATION_LADDER = ((0, "unit"), (2, "leaders"))
    sweep_at(at(28, 9))
    assert "erin@lapor.test" not in sent("sla_escalation")
    sweep_at(at(2, 9, month=12))  # two working days late
    assert "erin@lapor.test" in sent("sla_escalation")


def test_the_leaders_get_a_weekly_summary_by_mail_and_phone_once(
        followed_up, people, settings, mailoutbox, django_capture_on_commit_callbacks):
    people.erin.phone = "+6281311112222"
    people.erin.save()
    Complaint.objects.filter(pk=followed_up.pk).update(due_at=at(20))  # overdue now
    assert sweep_at(at(30, 7)).counts["leader_summaries"] == 0  # Monday, before 08:00
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_at(at(30, 9)).counts["leader_summaries"] == 1
    assert sweep_at(at(30, 15)).counts["leader_summaries"] == 0  # once a week
    assert sweep_at(at(1, 9, month=12)).counts["leader_summaries"] == 0  # Tuesday
    rows = Notification.objects.filter(kind="leader_summary")
    assert sorted(rows.values_list("channel", "recipient")) == [
        ("email", "erin@lapor.test"), ("whatsapp", "+6281311112222")]
    with time_machine.travel(at(30, 9, 1), tick=False):
        run_queued_tasks()
    (summary,) = [m for m in mailoutbox if m.to == ["erin@lapor.test"]]
    assert "Dinas Pekerjaan Umum: 1 (1)" in summary.body
    assert SlaClaim.objects.filter(kind="leader_summary").count() == 1


def test_no_phone_summary_while_no_phone_provider_is_configured(followed_up, people, settings):
    settings.LAPOR_WHATSAPP_PROVIDER = settings.LAPOR_SMS_PROVIDER = "log"
    people.erin.phone = "+6281311112222"
    people.erin.save()
    sweep_at(at(30, 9))
    assert list(Notification.objects.filter(kind="leader_summary")
                .values_list("channel", flat=True)) == ["email"]
