import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Notification
from complaints.workflow import TransitionNotAllowed
from tests.complaints.conftest import forget_queued_tasks, queued_functions, run_queued_tasks
from tests.factories import advance, answered, file_report


@pytest.fixture
def waiting_for_info(category):
    return advance(file_report(category), ("request_info", "coordinator", "Foto lokasinya?"))


def test_providing_information_returns_the_report_to_verification_with_a_new_deadline(
        waiting_for_info):
    waiting_for_info.due_at = timezone.now() - timedelta(days=30)
    Complaint.objects.filter(pk=waiting_for_info.pk).update(due_at=waiting_for_info.due_at)
    complaint = services.provide_info(complaint=waiting_for_info, text="Di depan SD 2.")
    assert complaint.state == "submitted"
    assert complaint.due_at > timezone.now()
    event = complaint.events.latest("at")
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "provide_info", "needs_info", "submitted", "Di depan SD 2.")


def test_information_cannot_be_added_when_nobody_asked(category):
    with pytest.raises(TransitionNotAllowed):
        services.provide_info(complaint=file_report(category), text="tambahan")


def test_a_reply_keeps_the_answered_report_where_it_is(category, units):
    complaint = services.reply(complaint=answered(file_report(category), units.dpu),
                               text="Terima kasih, tapi masih ada satu lubang.")
    assert complaint.state == "answered"
    assert complaint.events.latest("at").action == "reply"


def test_confirming_closes_and_not_solved_reopens_to_the_unit_with_the_reason(category, units):
    closed = services.confirm_solved(complaint=answered(file_report(category), units.dpu))
    assert closed.state == "closed"
    reopened = services.reopen(complaint=answered(file_report(category), units.dpu),
                               reason="Lubangnya muncul lagi.")
    assert reopened.state == "in_progress"
    assert reopened.events.latest("at").note == "Lubangnya muncul lagi."


@pytest.mark.parametrize("step, words", [
    (lambda c: services.reply(complaint=c, text="  "), "replying"),
    (lambda c: services.reopen(complaint=c, reason=""), "reopening"),
])
def test_a_reply_or_a_reopening_needs_words(category, units, step, words):
    with pytest.raises(TransitionNotAllowed, match="Alasan wajib"):
        step(answered(file_report(category), units.dpu))


def test_a_report_that_is_not_answered_cannot_be_closed_by_the_reporter(category):
    with pytest.raises(TransitionNotAllowed, match="berstatus"):
        services.confirm_solved(complaint=file_report(category))


def test_the_reporter_rates_once(category, units):
    complaint = services.confirm_solved(complaint=answered(file_report(category), units.dpu))
    rated = services.rate(complaint=complaint, score=4, comment="Cepat.")
    assert (rated.rating, rated.rating_comment, rated.state) == (4, "Cepat.", "closed")
    with pytest.raises(TransitionNotAllowed, match="sudah dinilai"):
        services.rate(complaint=rated, score=5)
    assert Complaint.objects.get(pk=rated.pk).rating == 4


@pytest.mark.parametrize("score", [0, 6, -1, None])
def test_a_rating_outside_one_to_five_is_refused(category, units, score):
    complaint = answered(file_report(category), units.dpu)
    with pytest.raises(TransitionNotAllowed, match="antara 1 dan 5"):
        services.rate(complaint=complaint, score=score)


def test_a_report_cannot_be_rated_before_it_is_answered(category):
    with pytest.raises(TransitionNotAllowed):
        services.rate(complaint=file_report(category), score=5)


def test_steps_by_others_tell_the_reporter_and_the_reporter_s_own_steps_do_not(
        category, units, mailoutbox, django_capture_on_commit_callbacks):
    complaint = file_report(category)
    forget_queued_tasks()  # the receipt's
    with django_capture_on_commit_callbacks(execute=True):
        complaint = advance(complaint, ("request_info", "coordinator", "Kirim foto lokasinya."))
        services.provide_info(complaint=complaint, text="Ini fotonya.")
    assert queued_functions() == ["complaints.tasks.deliver"]
    (notification,) = Notification.objects.filter(kind="status_update")
    assert (notification.kind, notification.recipient) == ("status_update", "budi@warga.test")
    run_queued_tasks()
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.attempts == 1
    (mail,) = mailoutbox
    assert "Menunggu kelengkapan" in mail.subject
    assert "Kirim foto lokasinya." in mail.body and complaint.secret_key in mail.body


def test_an_internal_step_is_not_told(category, units, django_capture_on_commit_callbacks):
    complaint = services.change_state(complaint=file_report(category), action="dispose",
                                      actor="coordinator", changes={"lead_unit": units.dpu})
    forget_queued_tasks()  # the receipt's and the disposition's
    with django_capture_on_commit_callbacks(execute=True):
        services.change_state(complaint=complaint, action="return", actor="unit",
                              note="Bukan kewenangan kami.", is_public=False)
    assert queued_functions() == []


def test_the_table_is_checked_on_the_locked_row_not_on_a_stale_copy(category, units):
    stale = answered(file_report(category), units.dpu)
    services.confirm_solved(complaint=stale)
    assert stale.state == "answered"  # this copy is out of date
    with pytest.raises(TransitionNotAllowed):
        services.reopen(complaint=stale, reason="Belum beres.")
    assert Complaint.objects.get(pk=stale.pk).state == "closed"


@pytest.mark.django_db(transaction=True)
def test_solved_and_not_solved_at_the_same_moment_one_wins_and_the_other_is_refused(units):
    from tests.factories import make_category

    complaint = answered(file_report(make_category("jalan", unit=units.dpu)), units.dpu)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(service, **kwargs):
        try:
            barrier.wait()
            service(complaint=complaint, **kwargs)
            outcomes.append("done")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(services.confirm_solved,)),
               threading.Thread(target=act, args=(services.reopen,),
                                kwargs={"reason": "Belum."})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    final = Complaint.objects.get(pk=complaint.pk)
    steps = list(final.events.filter(action__in=["confirm_solved", "reopen"]))
    assert len(steps) == 1 and final.state == steps[0].to_state
