"""The workbench's other admin pages: answer templates, and no editing of events."""

import pytest
from django.urls import reverse

from disposition.models import ResponseTemplate
from tests.disposition.workbench.pages import url

pytestmark = pytest.mark.django_db


def test_unit_staff_edit_their_templates_and_only_read_shared_ones(client, people, units):
    shared = ResponseTemplate.objects.create(title="Umum", text="Terima kasih.")
    own = ResponseTemplate.objects.create(unit=units.dpu, title="DPU", text="Ditambal.")
    foreign = ResponseTemplate.objects.create(unit=units.dishub, title="Dishub", text="Lampu.")
    client.force_login(people.bob)
    listing = client.get(reverse("admin:disposition_responsetemplate_changelist"))
    assert set(listing.context["cl"].result_list) == {shared, own}
    change = reverse("admin:disposition_responsetemplate_change", args=[own.pk])
    assert client.post(change, {"unit": units.dpu.pk, "title": "DPU 2", "text": "Baru.",
                                "is_active": "on"}).status_code == 302
    assert client.get(reverse("admin:disposition_responsetemplate_change",
                              args=[foreign.pk])).status_code in (302, 404)
    shared_page = client.get(reverse("admin:disposition_responsetemplate_change",
                                     args=[shared.pk]))
    assert shared_page.status_code == 200 and 'name="title"' not in shared_page.content.decode()


def test_events_are_not_editable_or_deletable_in_the_admin_by_anyone(client, db, complaint):
    from accounts.models import User

    root = User.objects.create_superuser("root@lapor.test", "x", full_name="Root")
    client.force_login(root)
    event = complaint.events.get()
    for path in (f"/admin/complaints/event/{event.pk}/change/",
                 f"/admin/complaints/event/{event.pk}/delete/", "/admin/complaints/event/"):
        assert client.get(path).status_code == 404
    assert client.post(url("delete", complaint.pk)).status_code == 403
