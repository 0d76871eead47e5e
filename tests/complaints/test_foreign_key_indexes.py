"""Nullable foreign keys are indexed over the rows where they are set (issue 16): a filing
writes no index entry for the unit, account or report it does not point at, and every lookup
by such a key, and PostgreSQL's check before a unit or an account is deleted, still finds an
index."""

import pytest
from django.db import connection

from complaints.models import Complaint, Event, Notification
from tests.factories import file_report

INDEXED_WHERE_SET = {
    Complaint: ["suggested_unit", "district", "api_client", "reporter", "lead_unit",
                "working_unit", "duplicate_of", "forwarded_to"],
    Event: ["actor_user"],
    Notification: ["event", "unit"],
}

pytestmark = pytest.mark.django_db


def indexes_of(model, column):
    """(name, condition) of each index whose first column is `column`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_expr(x.indpred, x.indrelid), x.indnatts "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] "
            "WHERE x.indrelid = %s::regclass AND a.attname = %s",
            [model._meta.db_table, column])
        return cursor.fetchall()


@pytest.mark.parametrize(("model", "name"), [(model, name) for model, names in
                                             INDEXED_WHERE_SET.items() for name in names])
def test_a_nullable_foreign_key_is_indexed_only_where_it_is_set(model, name):
    column = model._meta.get_field(name).column
    found = [(index, condition) for index, condition, columns in indexes_of(model, column)
             if columns == 1]
    assert found == [(f"{model._meta.model_name}_{name}_set", f"({column} IS NOT NULL)")]


def test_an_event_s_report_is_found_by_the_timeline_s_index_alone():
    assert [(index, columns) for index, _condition, columns in indexes_of(Event, "complaint_id")
            ] == [("event_complaint_at", 2)]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:  # what it can be run with, whatever the table's size
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_lookups_by_one_key_or_several_use_the_index_of_the_rows_where_it_is_set(
        category, units, people):
    file_report(category)
    assert "complaint_lead_unit_set" in plan(Complaint.objects.filter(lead_unit=units.dpu))
    assert "complaint_lead_unit_set" in plan(
        Complaint.objects.filter(lead_unit__in=[units.dpu, units.dishub]))
    assert "complaint_reporter_set" in plan(Complaint.objects.filter(reporter=people.frank))
    assert "event_actor_user_set" in plan(Event.objects.filter(actor_user=people.alice))
    assert "notification_unit_set" in plan(Notification.objects.filter(unit=units.dpu))


def test_a_report_pointing_nowhere_is_not_in_those_indexes(category):
    file_report(category)  # no account, unit, district, client, duplicate or forwarding
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN SELECT count(*) FROM complaints_complaint "
                       "WHERE lead_unit_id IS NULL")
        assert "complaint_lead_unit_set" not in "\n".join(row[0] for row in cursor.fetchall())
