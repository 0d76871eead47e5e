"""The SLA sweep with frozen time: reminders, escalation, digests, closing and archiving,
each exactly once, including two sweeps at once and failures after the claim."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django_q.models import OrmQ

from complaints.models import Complaint, Notification
from complaints.notifications import hand_over_receipts
from disposition import services
from disposition.models import SlaClaim, SweepRun
from disposition.sla import sweep as sla
from tests.complaints.conftest import run_queued_tasks
from tests.concurrency import at_once
from tests.disposition.helpers import dispose_to, published
from tests.factories import file_report

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour=9, minute=0, month=11):
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return sla.sweep()


def sent(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


@pytest.fixture
def unit_address(units):
    units.dpu.notification_email = "dpu@pemda.test"
    units.dpu.save()


@pytest.fixture
def new_report(category, people):
    with time_machine.travel(at(23), tick=False):  # Monday 09:00: due Wednesday 25
        report = file_report(category)
    Notification.objects.update(status="sent")  # the receipt went out
    return report


@pytest.fixture
def with_dpu(category, people, units, unit_address):
    with time_machine.travel(at(23), tick=False):  # answer due Friday 27
        return dispose_to(file_report(category), units.dpu, people.alice)


# --- Reminders ----------------------------------------------------------------------------------


def test_verification_is_reminded_to_coordinators_one_working_day_before(new_report):
    assert sweep_at(at(23, 10)).counts["reminders"] == 0  # two days left
    assert sweep_at(at(24, 9)).counts["reminders"] == 1  # Tuesday: one day left
    assert sent("sla_reminder") == ["alice@lapor.test"]
    assert sweep_at(at(24, 9, 5)).counts["reminders"] == 0
    assert sweep_at(at(25, 9)).counts["reminders"] == 0
    assert len(sent("sla_reminder")) == 1


def test_an_answer_is_reminded_to_the_unit_s_operators(with_dpu):
    assert sweep_at(at(25, 9)).counts["reminders"] == 0
    sweep_at(at(26, 9))  # Thursday, due Friday
    assert sent("sla_reminder") == ["bob@lapor.test", "dpu@pemda.test"]


def test_a_reminder_is_about_a_deadline_so_a_new_stage_is_reminded_again(with_dpu, people,
                                                                         units):
    sweep_at(at(26, 9))
    with time_machine.travel(at(26, 10), tick=False):
        services.return_to_coordinator(complaint=with_dpu, user=people.bob, reason="Bukan.")
    sweep_at(at(30, 9))  # the verification deadline of the returned complaint: Tue 1 Dec
    assert "alice@lapor.test" in sent("sla_reminder")
    assert SlaClaim.objects.filter(kind="reminder").count() == 2


def test_a_report_waiting_for_the_reporter_gets_no_reminder(new_report, people):
    with time_machine.travel(at(23, 10), tick=False):
        services.request_info(complaint=new_report, user=people.alice, question="Foto?")
    sweep_at(at(24, 9))
    sweep_at(at(26, 9))
    assert sent("sla_reminder") == [] and sent("sla_escalation") == []


# --- Escalation ---------------------------------------------------------------------------------


def test_a_late_answer_goes_to_the_unit_then_to_the_coordinators(with_dpu):
    assert sweep_at(at(27, 15)).counts["escalations"] == 0  # due today
    assert sweep_at(at(28, 9)).counts["escalations"] == 1  # Saturday: past the deadline
    assert sent("sla_escalation") == ["bob@lapor.test", "charlie@lapor.test", "dpu@pemda.test"]
    assert sweep_at(at(30, 9)).counts["escalations"] == 0  # 1 working day late
    assert sweep_at(at(1, 9, month=12)).counts["escalations"] == 0  # 2
    assert sweep_at(at(2, 9, month=12)).counts["escalations"] == 1  # 2 more days passed
    assert "alice@lapor.test" in sent("sla_escalation")
    assert sweep_at(at(9, 9, month=12)).counts["escalations"] == 0


def test_the_ladder_is_configurable(with_dpu, settings):
    settings.LAPOR_ESCALATION_LADDER = ((1, "coordinator"),)
    assert sweep_at(at(28, 9)).counts["escalations"] == 0
    assert sweep_at(at(1, 9, month=12)).counts["escalations"] == 1
    assert sent("sla_escalation") == ["alice@lapor.test"]


def test_an_answered_complaint_is_not_escalated(category, units, people):
    with time_machine.travel(at(23), tick=False):
        published(file_report(category), units.dishub, people, people.dave)
    sweep_at(at(4, 9, month=12))
    assert sent("sla_escalation") == []


# --- Digests ------------------------------------------------------------------------------------


def test_digests_go_out_once_each_working_day_from_eight(with_dpu, mailoutbox):
    assert sweep_at(at(24, 7, 59)).counts["digests"] == 0
    assert sweep_at(at(24, 8, 0)).counts["digests"] == 2  # DPU's list and the region's
    assert sweep_at(at(24, 14)).counts["digests"] == 0
    assert sent("unit_digest") == ["bob@lapor.test", "charlie@lapor.test", "dpu@pemda.test"]
    assert sent("region_summary") == ["alice@lapor.test"]
    assert sweep_at(at(28, 9)).counts["digests"] == 0  # Saturday
    assert sweep_at(at(25, 8, 30)).counts["digests"] == 2  # the next working day
    Notification.objects.update(status="queued")
    with time_machine.travel(at(25, 8, 31), tick=False):
        run_queued_tasks()
    digest = next(m for m in mailoutbox if m.to == ["dpu@pemda.test"] and "menunggu" in m.subject)
    assert with_dpu.tracking_code in digest.body and "Budi" not in digest.body


def test_no_digest_on_a_holiday(with_dpu):
    from complaints.models import Holiday

    Holiday.objects.create(date=at(24).date(), name="Libur daerah", kind="regional")
    assert sweep_at(at(24, 9)).counts["digests"] == 0


# --- Closing and archiving when the reporter is silent ------------------------------------------


def test_an_answer_without_reply_is_closed_after_ten_working_days(category, units, people):
    with time_machine.travel(at(23), tick=False):  # the reply window ends Friday 4 December
        complaint = published(file_report(category), units.dishub, people, people.dave)
    assert sweep_at(at(4, 15, month=12)).counts["closed"] == 0
    assert sweep_at(at(5, 9, month=12)).counts["closed"] == 1
    closed = Complaint.objects.get(pk=complaint.pk)
    assert (closed.state, closed.due_at) == ("closed", None)
    event = closed.events.order_by("-pk").first()
    assert (event.action, event.actor) == ("auto_close", "system")
    assert Notification.objects.filter(kind="status_update", event=event).exists()
    assert sweep_at(at(7, 9, month=12)).counts["closed"] == 0


def test_an_information_request_without_answer_is_archived_as_incomplete(new_report, people):
    with time_machine.travel(at(23, 10), tick=False):
        services.request_info(complaint=new_report, user=people.alice, question="Foto?")
    assert sweep_at(at(7, 9, month=12)).counts["archived"] == 1  # window ended Fri 4 Dec
    archived = Complaint.objects.get(pk=new_report.pk)
    assert (archived.state, archived.archive_reason) == ("archived", "incomplete")


# --- Exactly once -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_message_once(category, people, units):
    with time_machine.travel(at(23), tick=False):
        reports = [file_report(category) for _ in range(5)]

    def run():
        with time_machine.travel(at(24, 9), tick=False):
            return sla.sweep().counts["reminders"]

    assert sum(at_once(run)) == len(reports)
    assert SlaClaim.objects.filter(kind="reminder").count() == len(reports)
    assert Notification.objects.filter(kind="sla_reminder").count() == len(reports)


def test_a_failed_send_is_retried_with_backoff_and_then_sent_once(new_report, settings,
                                                                  mailoutbox):
    from complaints.tasks import deliver

    sweep_at(at(24, 9))
    reminder = Notification.objects.get(kind="sla_reminder")
    settings.MAILERS = {"default": {"BACKEND": "tests.complaints.test_delivery.BrokenMail"}}
    with time_machine.travel(at(24, 9, 1), tick=False), pytest.raises(ConnectionRefusedError):
        deliver(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("failed", 1)
    OrmQ.objects.all().delete()
    assert sweep_at(at(24, 9, 2)).counts["requeued"] == 0  # waits 2 minutes
    assert sweep_at(at(24, 9, 4)).counts["requeued"] == 1
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(at(24, 9, 5), tick=False):
        run_queued_tasks()
        assert deliver(reminder.pk).startswith("not sent")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert [m.to for m in mail.outbox if "Pengingat" in m.subject] == [["alice@lapor.test"]]


def test_a_sweep_killed_after_its_claim_loses_nothing(new_report, mailoutbox):
    sweep_at(at(24, 9))
    OrmQ.objects.all().delete()  # the worker died before the task reached the queue
    assert sweep_at(at(24, 9, 3)).counts["requeued"] == 0  # could still be on its way
    assert sweep_at(at(24, 9, 6)).counts["requeued"] >= 1
    with time_machine.travel(at(24, 9, 7), tick=False):
        run_queued_tasks()
    assert sweep_at(at(24, 9, 20)).counts == {
        "reminders": 0, "escalations": 0, "closed": 0, "archived": 0, "digests": 0,
        "requeued": 0, "questions_returned": 0, "leader_summaries": 0}
    assert [m.to for m in mailoutbox if "Pengingat" in m.subject] == [["alice@lapor.test"]]


def test_a_receipt_the_broker_has_not_handed_over_is_not_requeued_by_the_sweep(category):
    with time_machine.travel(at(23), tick=False):
        receipt = file_report(category).notifications.get()
    assert sweep_at(at(23, 10)).counts["requeued"] == 0  # the broker's, however old
    assert OrmQ.objects.count() == 0
    with time_machine.travel(at(23, 10, 1), tick=False):
        assert hand_over_receipts() == [receipt.pk]
    OrmQ.objects.all().delete()  # now its task is lost: the sweep queues it again
    assert sweep_at(at(23, 10, 7)).counts["requeued"] == 1


def test_a_message_in_flight_is_not_sent_by_a_second_worker(new_report):
    from complaints.tasks import _claim_for_sending

    sweep_at(at(24, 9))
    reminder = Notification.objects.get(kind="sla_reminder")
    assert _claim_for_sending(reminder.pk, at(24, 9, 1))
    assert not _claim_for_sending(reminder.pk, at(24, 9, 2))
    assert _claim_for_sending(reminder.pk, at(24, 9, 15))  # the first one died: lease over


def test_every_sweep_is_recorded_with_what_it_did(new_report):
    run = sweep_at(at(24, 9))
    assert run.finished_at is not None and run.duration_ms is not None and not run.error
    assert SweepRun.objects.get().counts["reminders"] == 1


def test_a_failing_sweep_is_recorded_with_its_error(monkeypatch, new_report):
    def broken(*args):
        raise RuntimeError("database went away")

    monkeypatch.setattr(sla, "send_reminders", broken)
    with pytest.raises(RuntimeError):
        sweep_at(at(24, 9))
    assert "database went away" in SweepRun.objects.get().error


def test_the_command_runs_one_sweep(new_report, capsys):
    from django.core.management import call_command

    with time_machine.travel(at(24, 9), tick=False):
        call_command("sla_sweep")
    assert "reminders 1" in capsys.readouterr().out


@pytest.mark.parametrize("person, status", [("alice", 200), ("bob", 403), ("erin", 403)])
def test_coordinators_see_the_sweeps_in_the_admin(client, people, person, status):
    from django.urls import reverse

    sla.sweep()
    client.force_login(getattr(people, person))
    response = client.get(reverse("admin:disposition_sweeprun_changelist"))
    assert response.status_code == status


def test_the_index_flags_a_worker_that_stopped_sweeping(client, people):
    with time_machine.travel(at(23, 9), tick=False):
        sla.sweep()
    client.force_login(people.alice)
    with time_machine.travel(at(23, 9, 10), tick=False):
        fresh = {label: n for label, n, _url in client.get("/admin/").context["work"]}
    with time_machine.travel(at(23, 10), tick=False):
        late = {label: n for label, n, _url in client.get("/admin/").context["work"]}
    assert fresh["Sapuan SLA terakhir (menit lalu)"] == 10
    assert late["Sapuan SLA terlambat atau gagal — periksa worker (menit lalu)"] == 60
