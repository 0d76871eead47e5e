"""lapor/bulk.py: many rows of one model in one COPY, with their keys; a few linked rows of
several models in one statement."""

import datetime
import enum
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone

from complaints.models import Complaint, Event, Notification
from complaints.workflow import Action, Actor, State
from lapor.bulk import NotProvided, insert_by_copy, insert_together
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


def new_complaint(category, **fields):
    now = timezone.now()
    return Complaint(**{"tracking_code": "LPR-TGTHR234", "secret_key": "k" * 43,
                        "kind": "complaint", "title": "Jalan berlubang", "description": "Lubang",
                        "category": category, "reporter_name": "Budi",
                        "reporter_email": "budi@warga.test", "consent_at": now,
                        "submitted_at": now, "state_changed_at": now, **fields})


def test_linked_rows_are_written_in_one_statement_with_their_keys(
        complaint, django_assert_num_queries):
    report = new_complaint(complaint.category, latitude=Decimal("-7.261200"),
                           longitude=Decimal("110.404300"))
    event = Event(complaint=report, action="submit", actor="reporter", to_state="submitted")
    message = Notification(kind="receipt", recipient="budi@warga.test", complaint=report,
                           event=event)
    with django_assert_num_queries(1):
        assert insert_together([report, event, message]) == [report, event, message]
    assert all(row.pk and not row._state.adding for row in (report, event, message))
    assert (event.complaint_id, message.complaint_id, message.event_id) == (
        report.pk, report.pk, event.pk)
    stored = Complaint.objects.get(pk=report.pk)
    assert (stored.tracking_code, stored.latitude, stored.category_id) == (
        "LPR-TGTHR234", Decimal("-7.261200"), complaint.category_id)
    # What the database fills in is read back onto the instance, as save() does.
    assert (report.row_version, report.supporter_count, report.national_id) == (
        stored.row_version, 0, "")
    assert Event.objects.get(pk=event.pk).complaint_id == report.pk
    assert Notification.objects.get(pk=message.pk).event_id == event.pk


def test_a_failing_row_writes_none_of_them(complaint):
    report = new_complaint(complaint.category, tracking_code=complaint.tracking_code)
    event = Event(complaint=report, action="submit", actor="reporter")
    with pytest.raises(IntegrityError, match="tracking_code"), transaction.atomic():
        insert_together([report, event])
    assert report.pk is None and report._state.adding
    assert Complaint.objects.count() == 1 and Event.objects.filter(action="submit").count() == 1
    later = Event(complaint=complaint, action="note", actor="system", note=None)  # NOT NULL
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_together([new_complaint(complaint.category, tracking_code="LPR-OTHER234"), later])
    assert Complaint.objects.count() == 1


def test_a_row_pointing_at_an_unsaved_row_that_is_not_before_it_is_refused(complaint):
    report = new_complaint(complaint.category)
    event = Event(complaint=report, action="submit", actor="reporter")
    with pytest.raises(ValueError, match="complaint"):
        insert_together([event, report])
    with pytest.raises(ValueError, match="event"):  # a nullable link is not dropped either
        insert_together([Notification(kind="receipt", recipient="a@warga.test",
                                      complaint=complaint, event=event)])
    assert not Complaint.objects.filter(tracking_code="LPR-TGTHR234").exists()


def test_an_expression_is_refused(complaint):
    message = Notification(kind="receipt", recipient="a@warga.test", complaint=complaint,
                           attempts=F("attempts") + 1)
    with pytest.raises(TypeError, match="attempts"):
        insert_together([message])


def test_nothing_together_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_together([]) == []


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements "
                       "WHERE statement LIKE 'WITH r0%%'")
        return cursor.fetchone()[0]


def file_together(category, number, **fields):
    report = new_complaint(category, tracking_code=f"LPR-PREP{number:04d}",
                           secret_key=f"{number:043d}", **fields)
    insert_together([report, Event(complaint=report, action="submit", actor="reporter")])
    return report


@pytest.mark.django_db(transaction=True)
def test_a_statement_written_again_and_again_is_prepared_and_takes_each_row_s_values(complaint):
    from lapor.postgresql.base import PREPARE_THRESHOLD

    connection.close()  # a connection of its own, with no statement prepared yet
    category = complaint.category
    for number in range(PREPARE_THRESHOLD):
        file_together(category, number)
    assert prepared_statements() == 0
    # Values are bound by the server, never read as SQL or as placeholders.
    tricky = "Jalan 'Merdeka' $1 %s; DROP TABLE complaints_complaint; --"
    report = file_together(category, 99, title=tricky)
    assert prepared_statements() == 1
    assert Complaint.objects.get(pk=report.pk).title == tricky
    assert Complaint.objects.filter(tracking_code__startswith="LPR-PREP").count() == \
        PREPARE_THRESHOLD + 1
    with pytest.raises(IntegrityError, match="tracking_code"), transaction.atomic():
        file_together(category, 99)  # the prepared statement fails whole too
    assert Event.objects.filter(complaint__tracking_code="LPR-PREP0099").count() == 1


@pytest.mark.django_db(transaction=True)
def test_preparing_can_be_turned_off_for_a_pooler_that_does_not_keep_statements(
        complaint, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "OPTIONS",
                        {**connection.settings_dict["OPTIONS"], "prepare_threshold": None})
    connection.close()
    for number in range(10):
        file_together(complaint.category, number)
    assert prepared_statements() == 0
    assert Complaint.objects.filter(tracking_code__startswith="LPR-PREP").count() == 10


def test_a_condition_checked_in_the_statement_writes_nothing_when_it_does_not_hold(complaint):
    report = new_complaint(complaint.category)
    event = Event(complaint=report, action="submit", actor="reporter")
    count_sql = "(SELECT count(*) FROM complaints_complaint WHERE category_id = %s) = %s"
    with pytest.raises(NotProvided), transaction.atomic():
        insert_together([report, event], provided=(count_sql, [complaint.category_id, 0]))
    assert not Complaint.objects.filter(tracking_code="LPR-TGTHR234").exists()
    assert report.pk is None
    # Checked in the statement's snapshot, which holds the tables as they were before it.
    insert_together([report, event], provided=(count_sql, [complaint.category_id, 1]))
    assert Event.objects.get(pk=event.pk).complaint_id == report.pk
    with pytest.raises(ValueError, match="1 placeholders for 2 values"):
        insert_together([Event(complaint=complaint, action="note", actor="system")],
                        provided=("%s", [True, False]))


@pytest.mark.parametrize(("field", "value"), [
    (models.CharField(max_length=10), "Jalan"), (models.TextField(), "Isi laporan"),
    (models.EmailField(), "warga@contoh.id"), (models.SlugField(), "jalan-rusak"),
    (models.BooleanField(), True), (models.DateField(), datetime.date(2026, 12, 3)),
    (models.DateTimeField(), datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)),
])
def test_values_taken_as_they_are_are_what_django_would_send(field, value):
    from lapor.bulk import _prepared

    assert _prepared(field, value, connection) is value
    sent = field.get_db_prep_save(value, connection)
    assert sent == value and type(sent) is type(value)


@pytest.mark.parametrize(("field", "value", "sent"), [
    (models.IntegerField(), 7, 7),  # as psycopg's Int4, as Django sends it
    (Complaint._meta.get_field("category"), 12, 12),
    (models.CharField(max_length=10), 12, "12"),
    (models.DateField(), datetime.datetime(2026, 12, 3, 9, 30), datetime.date(2026, 12, 3)),
    (models.DecimalField(max_digits=9, decimal_places=6), Decimal("-7.2612"), Decimal("-7.2612")),
])
def test_other_values_are_converted_by_django(field, value, sent):
    from lapor.bulk import _prepared

    prepared = _prepared(field, value, connection)
    assert prepared == sent
    assert type(prepared) is type(field.get_db_prep_save(value, connection))


class Colour(enum.Enum):  # not a str: Django writes what str() makes of it
    RED = "merah"


class Stars(models.IntegerChoices):
    FIVE = 5


@pytest.mark.parametrize(("field", "value"), [
    (Complaint._meta.get_field("state"), State.SUBMITTED),
    (Event._meta.get_field("actor"), Actor.REPORTER),
    (Notification._meta.get_field("status"), Notification.Status.QUEUED),
    (models.IntegerField(choices=Stars.choices), Stars.FIVE),
    (models.CharField(max_length=20), Colour.RED),
])
def test_a_choice_is_sent_as_the_plain_value_django_would_write(field, value):
    from lapor.bulk import _prepared

    prepared = _prepared(field, value, connection)
    django_sends = field.get_db_prep_save(value, connection)
    assert prepared == django_sends
    assert not isinstance(prepared, enum.Enum)
    assert type(prepared) in {str, type(django_sends)}


def test_choices_are_stored_as_their_values(complaint):
    event = Event(complaint=complaint, action=Action.REMOTE_UPDATE, actor=Actor.SYSTEM,
                  to_state=State.FORWARDED)
    insert_together([event])
    assert Event.objects.filter(pk=event.pk, action="remote_update", actor="system",
                                to_state="forwarded").exists()


def test_a_field_that_fills_itself_in_on_saving_is_filled_in(db):
    from accounts.models import Appointment
    from tests.factories import make_unit, make_user

    unit, user = make_unit("dpu"), make_user("operator@dpu.test")
    appointment = Appointment(user=user, unit=unit, role="operator", scope="unit",
                              sk_number="800/1/2026", sk_date="2026-01-02",
                              valid_from="2026-01-02")
    before = timezone.now()
    insert_together([appointment])
    assert appointment.created_at >= before  # auto_now_add, through the field's pre_save
    assert Appointment.objects.get().created_at == appointment.created_at


def sent(call):
    """(sql, params) of each statement `call` runs."""
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        call()
    return statements


def test_a_condition_s_choices_are_sent_as_their_values(complaint):
    from complaints.deadlines import Stage

    event = Event(complaint=complaint, action=Action.REMOTE_UPDATE, actor=Actor.SYSTEM)
    [(sql, params)] = sent(lambda: insert_together(
        [event], provided=("%s = 'verification' AND %s = 5", [Stage.VERIFICATION, Stars.FIVE])))
    assert sql.endswith(f"lapor_provided(${len(params) - 1} = 'verification' AND "
                        f"${len(params)} = 5) FROM r0")
    assert params[-2:] == ["verification", 5]
    assert [type(value) for value in params[-2:]] == [str, int]
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_condition_with_too_few_or_too_many_values_is_refused(complaint):
    event = Event(complaint=complaint, action=Action.REMOTE_UPDATE, actor=Actor.SYSTEM)
    for values in ([], [1, 2]):
        with pytest.raises(ValueError, match="placeholders for"):
            insert_together([event], provided=("%s = 1", values))
    assert not Event.objects.filter(action=Action.REMOTE_UPDATE).exists()


def test_rows_of_the_same_shape_are_written_by_the_same_statement(complaint, people):
    def one_event(note, user=None):
        return sent(lambda: insert_together(
            [Event(complaint=complaint, action="note", actor="system", note=note,
                   actor_user=user)]))[0]

    (first, first_params), (second, second_params) = one_event("satu"), one_event("dua")
    assert first is second  # written once, kept
    assert "satu" in first_params and "dua" in second_params
    with_a_user, params = one_event("tiga", people.alice)
    assert with_a_user != first and '"actor_user_id"' in with_a_user
    assert people.alice.pk in params and '"actor_user_id"' not in first
    assert Event.objects.get(note="tiga").actor_user == people.alice


def test_the_statements_kept_are_bounded(complaint, people, monkeypatch):
    from lapor import bulk

    monkeypatch.setattr(bulk, "_statements", {})
    monkeypatch.setattr(bulk, "STATEMENTS_KEPT", 2)
    for user in (None, people.alice):
        insert_together([Event(complaint=complaint, action="note", actor="system",
                               actor_user=user)])
    for condition in ("%s = 1", "%s > 0"):
        insert_together([Event(complaint=complaint, action="note", actor="system")],
                        provided=(condition, [1]))
    assert len(bulk._statements) <= 2
    assert Event.objects.filter(action="note").count() == 4


def test_a_field_of_another_kind_with_a_plain_value_is_still_converted_by_django(complaint):
    class Upper(models.CharField):  # its own conversion: never taken as it is
        def get_db_prep_save(self, value, connection):
            return value.upper()

    from lapor.bulk import _prepared

    assert _prepared(Upper(max_length=5), "jalan", connection) == "JALAN"


def test_the_statement_gets_each_value_as_django_would_send_it(complaint):
    sent = []

    def capture(execute, sql, params, many, context):
        sent.extend(params)
        return execute(sql, params, many, context)

    event = Event(complaint=complaint, action=Action.REMOTE_UPDATE, actor=Actor.SYSTEM,
                  note=12, to_state=State.FORWARDED)
    with connection.execute_wrapper(capture):
        insert_together([event])
    assert "12" in sent and 12 not in sent  # a number in a text field, as Django's str()
    assert "forwarded" in sent and not any(isinstance(value, enum.Enum) for value in sent)
    assert Event.objects.get(pk=event.pk).note == "12"
