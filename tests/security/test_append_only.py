"""The timeline and the access log are append-only for every client of the database, not by a
docstring: triggers refuse updates and deletes (the access log's oldest entries expire by the
retention schedule); a complaint with a timeline cannot be deleted. And the access log records
who saw an identity, who exported personal data and who changed an appointment."""

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRecord, Appointment
from accounts.services import appoint
from complaints.models import Complaint, Event
from tests.disposition.helpers import dispose_to
from tests.factories import file_report, make_user

pytestmark = pytest.mark.django_db


def refused(sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_no_one_rewrites_or_deletes_the_timeline(category, people):
    complaint = file_report(category)
    event = complaint.events.get()
    refused("UPDATE complaints_event SET note = 'diubah' WHERE id = %s", [event.pk])
    refused("UPDATE complaints_event SET at = now() - interval '1 year'")
    refused("DELETE FROM complaints_event WHERE id = %s", [event.pk])
    event.note = "diubah lewat ORM"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(ProtectedError):
        Complaint.objects.filter(pk=complaint.pk).delete()
    refused("DELETE FROM complaints_complaint WHERE id = %s", [complaint.pk])
    assert Event.objects.get(pk=event.pk).note == ""


def test_a_deleted_account_leaves_its_steps_without_its_name(category, people):
    citizen = make_user("budi.warga@lapor.test")
    complaint = file_report(category, user=citizen)
    citizen.delete()
    event = Event.objects.get(complaint=complaint)
    assert event.actor_user_id is None and event.action == "submit"
    # …but an event cannot be handed to someone else.
    refused("UPDATE complaints_event SET actor_user_id = %s", [people.alice.pk])


def test_the_access_log_is_kept_a_year_at_least_and_never_edited(people):
    recent = AccessRecord.objects.create(kind="identity_viewed", actor=people.alice,
                                         subject="LPR-AAAA2222")
    old = AccessRecord.objects.create(kind="identity_viewed", actor=people.alice,
                                      subject="LPR-BBBB3333",
                                      at=timezone.now() - timedelta(days=400))
    refused("UPDATE accounts_accessrecord SET subject = 'x' WHERE id = %s", [recent.pk])
    refused("DELETE FROM accounts_accessrecord WHERE id = %s", [recent.pk])
    AccessRecord.objects.filter(pk=old.pk).delete()  # past the minimum: retention may
    assert not AccessRecord.objects.filter(pk=old.pk).exists()
    assert AccessRecord.objects.filter(pk=recent.pk).exists()


def test_who_saw_an_identity_and_who_exported_personal_data_is_recorded(client, category,
                                                                        units, people):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    client.force_login(people.alice)
    client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    b"".join(client.get(reverse("admin:complaints_complaint_export")).streaming_content)
    client.force_login(people.erin)  # a viewer: reads, exports without personal columns
    b"".join(client.get(reverse("admin:complaints_complaint_export")).streaming_content)
    entries = list(AccessRecord.objects.filter(actor=people.alice).exclude(
        kind="appointment_changed").order_by("pk").values_list("kind", "subject"))
    assert entries == [("identity_viewed", complaint.tracking_code),
                       ("personal_export", "nama, email, telepon")]
    assert not AccessRecord.objects.filter(actor=people.erin, kind="personal_export").exists()


def test_an_anonymous_identity_hidden_from_a_unit_is_not_recorded_as_seen(
        client, category, units, people):
    complaint = dispose_to(file_report(category, is_anonymous=True), units.dpu, people.alice)
    client.force_login(people.bob)
    client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    assert not AccessRecord.objects.filter(kind="identity_viewed").exists()


def test_an_appointment_change_is_recorded_with_who_did_it(people, units):
    gina = make_user("gina@lapor.test")
    appoint(user=gina, unit=units.dpu, role=Appointment.Role.OPERATOR, sk_number="SK/9/2026",
            sk_date=date(2026, 1, 2), valid_from=date(2026, 1, 2), actor=people.alice)
    entry = AccessRecord.objects.filter(kind="appointment_changed").latest("pk")
    assert (entry.actor, entry.subject) == (people.alice, "gina@lapor.test · operator DPU")
    assert "SK/9/2026" in entry.detail


@pytest.mark.parametrize("page", ["admin:accounts_accessrecord_changelist",
                                  "admin:complaints_retentionrun_changelist"])
def test_coordinators_read_the_access_log_and_the_retention_runs_and_units_do_not(
        client, people, page):
    client.force_login(people.alice)
    assert client.get(reverse(page)).status_code == 200
    client.force_login(people.bob)
    assert client.get(reverse(page)).status_code == 403
