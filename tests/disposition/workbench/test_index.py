"""The admin's index (what waits for each person) and the notification log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from tests.disposition.helpers import dispose_to, in_progress
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def work_on_index(client, person):
    client.force_login(person)
    return {label: count for label, count, _url in client.get("/admin/").context["work"]}


def test_the_index_tells_each_person_what_waits_for_them(client, people, units, category):
    file_report(category)
    late = file_report(category)
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    dispose_to(file_report(category), units.dpu, people.alice)
    in_progress(file_report(category), units.dpu, people.alice, people.bob)
    coordinator = work_on_index(client, people.alice)
    assert {k: coordinator[k] for k in ("Perlu verifikasi", "Terlambat")} == {
        "Perlu verifikasi": 2, "Terlambat": 1}
    assert coordinator["Sapuan SLA: belum pernah berjalan — periksa worker"] == "!"
    assert work_on_index(client, people.bob) == {
        "Disposisi baru, belum diterima": 1, "Sedang diproses unit Anda": 1, "Terlambat": 0}
    assert work_on_index(client, people.dave) == {
        "Disposisi baru, belum diterima": 0, "Sedang diproses unit Anda": 0, "Terlambat": 0}


@pytest.mark.parametrize("person, status", [("alice", 200), ("bob", 403), ("erin", 403)])
def test_only_coordinators_read_the_notification_log(client, people, complaint, person, status):
    client.force_login(getattr(people, person))
    response = client.get(reverse("admin:complaints_notification_changelist"))
    assert response.status_code == status
    if status == 200:
        assert "budi@warga.test" in response.content.decode()
