"""lapor/bulk.py: many rows of one model in one COPY, with their keys."""

import pytest
from django.db import IntegrityError, transaction

from complaints.models import Complaint, Event, Notification
from lapor.bulk import insert_by_copy
from tests.concurrency import at_once
from tests.factories import file_report, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(units):
    return file_report(make_category("jalan", unit=units.dpu))


def test_rows_are_stored_as_the_instances_hold_them_with_their_keys(complaint, units):
    messages = [Notification(kind="sla_escalation", recipient=f"op{n}@dpu.test",
                             complaint=complaint, unit=units.dpu) for n in range(3)]
    messages.append(Notification(kind="leader_summary", recipient="+6281234567890",
                                 channel=Notification.Channel.SMS, body="Ringkasan\thari ini\n"))
    stored = insert_by_copy(messages)
    assert stored is messages and all(m.pk and not m._state.adding for m in messages)
    for message in messages:
        row = Notification.objects.get(pk=message.pk)
        assert (row.kind, row.recipient, row.channel, row.body, row.complaint_id,
                row.unit_id) == (message.kind, message.recipient, message.channel,
                                 message.body, message.complaint_id, message.unit_id)
        assert (row.status, row.attempts, row.error) == ("queued", 0, "")  # the defaults
        assert row.created_at == message.created_at


def test_keys_follow_the_table_s_sequence(complaint):
    first = insert_by_copy([Event(complaint=complaint, action="note", actor="system")])[0]
    later = Event.objects.create(complaint=complaint, action="note", actor="system")
    assert later.pk > first.pk


def test_nothing_to_insert_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_by_copy([]) == []


def test_a_model_with_a_field_that_is_not_plain_is_refused(complaint):
    with pytest.raises(TypeError, match="latitude, longitude"):  # Decimal columns
        insert_by_copy([Complaint(title="Salinan")])


def test_a_bad_row_stores_none_of_them(complaint):
    rows = [Notification(kind="status_update", recipient="a@warga.test", complaint=complaint),
            Notification(kind="status_update", recipient=None, complaint=complaint)]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_by_copy(rows)
    assert not Notification.objects.filter(kind="status_update").exists()


@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_draw_different_keys(complaint):
    def copy_fifty():
        return [m.pk for m in insert_by_copy(
            [Notification(kind="status_update", recipient=f"{n}@warga.test",
                          complaint=complaint) for n in range(50)])]

    first, second = at_once(copy_fifty, times=2)
    assert len(set(first) | set(second)) == 100
    assert Notification.objects.filter(kind="status_update").count() == 100
