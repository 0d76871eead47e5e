"""The lead unit asks the reporter: its clock stops, the reporter answers (private page or
phone), the report comes back with the days that were left; unanswered, back with a note."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from complaints import services as citizen
from complaints.models import Complaint
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.sla.sweep import sweep
from tests.complaints.conftest import run_queued_tasks
from tests.disposition.helpers import in_progress
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime(2027, 3, day, hour))


@pytest.fixture
def complaint(category, people):
    """Filed the morning the unit starts, so that its first event comes before every step
    here whatever today's date is."""
    with time_machine.travel(at(1, 8), tick=False):
        return file_report(category)


def end_of(day):
    """A deadline: the end of its working day."""
    return timezone.make_aware(datetime(2027, 3, day, 23, 59, 59))


@pytest.fixture
def working(complaint, units, people):
    with time_machine.travel(at(1), tick=False):  # Monday 1 March 2027
        return in_progress(complaint, units.dpu, people.alice, people.bob)


def test_asking_stops_the_unit_s_clock_and_the_answer_brings_back_the_days_left(
        working, people, mailoutbox, django_capture_on_commit_callbacks):
    assert working.due_at == end_of(5)  # five working days, Monday to Friday
    with time_machine.travel(at(3), tick=False):  # Wednesday: three days left
        asked = services.ask_reporter(complaint=working, user=people.bob,
                                      question="Di depan rumah nomor berapa?")
    assert (asked.state, asked.paused_state, asked.paused_days_left) == (
        "waiting_reporter", "in_progress", 3)
    assert asked.events.last().is_public and asked.events.last().note == \
        "Di depan rumah nomor berapa?"
    with time_machine.travel(at(10), tick=False), \
            django_capture_on_commit_callbacks(execute=True):  # a week later
        back = citizen.answer_question(complaint=asked, text="Nomor 12, dekat masjid.")
    assert (back.state, back.paused_state, back.paused_days_left) == ("in_progress", "", None)
    assert back.due_at == end_of(12)  # the three days that were left, from now
    # The completion target moves by the five working days the unit waited.
    assert back.completion_paused_days == 5
    run_queued_tasks()
    told = {address for m in mailoutbox if "menjawab pertanyaan" in m.subject for address in m.to}
    assert {"bob@lapor.test", "charlie@lapor.test"} <= told


def test_a_question_needs_words_and_a_unit_that_has_the_report(working, people, complaint):
    with pytest.raises(TransitionNotAllowed, match="Tuliskan pertanyaan"):
        services.ask_reporter(complaint=working, user=people.bob, question="  ")
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.ask_reporter(complaint=working, user=people.dave, question="Di mana?")
    assert Complaint.objects.get(pk=working.pk).state == "in_progress"


def test_the_reporter_cannot_answer_a_question_nobody_asked(working):
    with pytest.raises(TransitionNotAllowed):
        citizen.answer_question(complaint=working, text="Jawaban.")


def test_withdrawing_the_question_resumes_with_the_days_left(working, people):
    with time_machine.travel(at(3), tick=False):
        services.ask_reporter(complaint=working, user=people.bob, question="Foto?")
    with time_machine.travel(at(4), tick=False):
        back = services.withdraw_question(complaint=working, user=people.charlie)
    assert (back.state, back.due_at) == ("in_progress", end_of(8))
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_question(complaint=working, user=people.bob)


def test_a_question_asked_after_the_first_answer_returns_to_the_completion_target(
        working, people):
    services.save_draft(complaint=working, user=people.bob, completes=False,
                        text="Akan diperbaiki bulan ini.")
    services.submit_for_approval(complaint=working, user=people.bob)
    followed = services.approve(complaint=working, user=people.charlie)
    assert (followed.state, followed.due_at) == ("followed_up", followed.completion_due_at)
    asked = services.ask_reporter(complaint=followed, user=people.bob, question="Kapan ada?")
    back = citizen.answer_question(complaint=asked, text="Setiap sore.")
    assert back.state == "followed_up" and back.due_at == back.completion_due_at


def test_an_unanswered_question_goes_back_to_the_unit_with_a_note_never_archived(
        working, people, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(at(3), tick=False):
        services.ask_reporter(complaint=working, user=people.bob, question="Foto?")
    with time_machine.travel(at(29), tick=False), \
            django_capture_on_commit_callbacks(execute=True):  # the ten-day window has passed
        run = sweep()
    run_queued_tasks()
    back = Complaint.objects.get(pk=working.pk)
    assert run.counts["questions_returned"] == 1
    assert back.state == "in_progress" and back.archive_reason == ""
    last = back.events.last()
    assert (last.action, last.actor) == ("question_expired", "system")
    assert "tidak menjawab" in last.note
    assert any("tidak dijawab" in m.subject for m in mailoutbox)


def test_the_reporter_answering_while_the_unit_withdraws_leaves_one_step(working, people):
    """Both steps lock the row: the second finds the report no longer waiting."""
    services.ask_reporter(complaint=working, user=people.bob, question="Foto?")
    stale = Complaint.objects.get(pk=working.pk)
    services.withdraw_question(complaint=working, user=people.bob)
    with pytest.raises(TransitionNotAllowed):
        citizen.answer_question(complaint=stale, text="Ini fotonya.")
    actions = working.events.order_by("pk").values_list("action", flat=True)
    assert list(actions)[-2:] == ["ask_reporter", "withdraw_question"]
