"""A backlog due at once (a region importing its history, a worker back after days off): the
sweep's queries grow with its batches, not its rows, and nothing is stepped twice or lost."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint, Event, Notification
from disposition.sla import sweep as sla
from tests.concurrency import at_once
from tests.disposition.helpers import published
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def answered_backlog(category, units, people, count):
    """`count` answered reports whose reply window ended yesterday: one made through the
    services, the rest copies of its row (as an import would leave them)."""
    first = published(file_report(category), units.dishub, people, people.dave)
    Complaint.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(days=1))
    row = Complaint.objects.get(pk=first.pk)
    copies = []
    for number in range(count - 1):
        row.pk = None
        row.tracking_code = f"LPR-B{number:07d}"
        row.secret_key = f"backlog-secret-{number:07d}-xxxxxxxxxxxx"
        row.national_id = f"NAS-{number}" if number % 100 == 0 else ""
        copies.append(Complaint(**{f.attname: getattr(row, f.attname)
                                   for f in Complaint._meta.concrete_fields
                                   if not f.generated}))
    Complaint.objects.bulk_create(copies)
    return Complaint.objects.filter(state="answered")


def test_a_backlog_is_closed_with_queries_that_follow_its_batches(category, units, people,
                                                                    monkeypatch):
    monkeypatch.setattr(sla, "BATCH", 100)
    backlog = answered_backlog(category, units, people, 1_000)
    assert backlog.count() == 1_000
    with CaptureQueriesContext(connection) as captured:
        assert sla.close_silent_answers(timezone.now()) == 1_000
    # Per batch: lock, update, events and messages (each their keys and a COPY), the national
    # follow-ups and the delivery tasks.
    assert len(captured) <= 1_000 / 100 * 13
    assert not Complaint.objects.filter(state="answered").exists()
    closing = Event.objects.filter(action="auto_close")
    assert closing.count() == 1_000 and set(closing.values_list("actor", flat=True)) == {"system"}
    assert Notification.objects.filter(kind="status_update", event__in=closing).count() == 1_000
    assert Notification.objects.filter(kind="sp4n_followup", event__in=closing).count() == 10
    assert set(Complaint.objects.values_list("due_at", flat=True)) == {None}
    assert sla.close_silent_answers(timezone.now()) == 0


@pytest.mark.django_db(transaction=True)
def test_a_report_the_reporter_is_acting_on_waits_for_the_next_sweep(category, units, people):
    backlog = answered_backlog(category, units, people, 3)
    busy = backlog.order_by("pk").first()
    with transaction.atomic():
        Complaint.objects.select_for_update().get(pk=busy.pk)  # the reporter's step, mid-way
        assert at_once(lambda: sla.close_silent_answers(timezone.now()), times=1) == [2]
    assert Complaint.objects.get(pk=busy.pk).state == "answered"
    assert sla.close_silent_answers(timezone.now()) == 1
    assert Event.objects.filter(complaint=busy, action="auto_close").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_over_one_backlog_close_each_report_once(category, units, people,
                                                            monkeypatch):
    monkeypatch.setattr(sla, "BATCH", 20)
    answered_backlog(category, units, people, 200)
    with time_machine.travel(timezone.now(), tick=True):
        closed = at_once(lambda: sla.close_silent_answers(timezone.now()))
    assert sum(closed) == 200
    assert Event.objects.filter(action="auto_close").count() == 200
    assert Notification.objects.filter(kind="status_update", event__action="auto_close"
                                       ).count() == 200
