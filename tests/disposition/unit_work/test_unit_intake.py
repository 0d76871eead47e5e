"""A unit records what reached its own channels (a kecamatan desk, an OPD's Instagram): for
itself, handled at once, or into the coordinators' queue; the channel list is a table."""

import pytest
from django.urls import reverse

from complaints.models import Complaint, SourceChannel
from complaints.services import Report
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.access import complaints_for_staff
from disposition.models import Disposition

pytestmark = pytest.mark.django_db


def report(category, **fields):
    fields.setdefault("reporter_handle", "@warga_bawen")
    return Report(kind="complaint", title="Sampah di taman kota", category=category,
                  description="Sampah menumpuk di taman sejak Senin.", **fields)


def test_an_operator_records_a_report_for_their_own_unit_which_handles_it_at_once(
        category, units, people):
    taken = services.record_intake(report=report(category), channel="instagram",
                                   user=people.bob, unit=units.dpu)
    assert (taken.state, taken.lead_unit, taken.channel_id) == ("in_progress", units.dpu,
                                                                "instagram")
    assert taken.verified_at and taken.completion_due_at and taken.due_at
    lead = Disposition.objects.get(complaint=taken)
    assert (lead.role, lead.state, lead.accepted_by) == ("lead", "accepted", people.bob)
    assert list(taken.events.order_by("pk").values_list("action", "actor")) == [
        ("submit", "unit"), ("take_in", "unit")]


def test_a_report_that_is_not_theirs_goes_to_the_coordinators_queue(category, people):
    queued = services.record_intake(report=report(category), channel="phone",
                                    user=people.dave)
    assert (queued.state, queued.lead_unit) == ("submitted", None)
    assert queued not in complaints_for_staff(people.dave)


def test_a_unit_records_only_for_itself_and_only_from_an_active_typed_in_channel(
        category, units, people):
    with pytest.raises(TransitionNotAllowed, match="unit Anda sendiri"):
        services.record_intake(report=report(category), channel="instagram", user=people.dave,
                               unit=units.dpu)
    SourceChannel.objects.filter(code="facebook").update(is_active=False)
    for channel in ("facebook", "web", "api", "tidak-ada"):
        with pytest.raises(TransitionNotAllowed, match="kanal aktif"):
            services.record_intake(report=report(category), channel=channel, user=people.bob,
                                   unit=units.dpu)
    assert not Complaint.objects.exists()


def test_a_region_s_own_app_becomes_a_channel_coordinators_add(client, category, units,
                                                                people):
    client.force_login(people.alice)
    added = client.post(reverse("admin:complaints_sourcechannel_add"), {
        "code": "sapamas", "name": "SAPAMAS", "kind": "app", "is_active": "on"})
    assert added.status_code == 302
    client.force_login(people.bob)
    assert client.post(reverse("admin:complaints_sourcechannel_add"), {
        "code": "lain", "name": "Lain", "kind": "app"}).status_code == 403
    form = client.get(reverse("admin:complaints_complaint_add")).content.decode()
    assert "SAPAMAS" in form and "Antrean koordinator" in form
    response = client.post(reverse("admin:complaints_complaint_add"), {
        "channel": "sapamas", "handled_by": str(units.dpu.pk), "source_reference": "SAP-991",
        "reporter_phone": "081234567890", "kind": "complaint", "category": category.pk,
        "title": "Trotoar rusak", "description": "Trotoar di depan sekolah pecah."})
    taken = Complaint.objects.get(source_reference="SAP-991")
    assert response["Location"] == reverse("admin:complaints_complaint_change", args=[taken.pk])
    assert (taken.channel.name, taken.state, taken.lead_unit) == ("SAPAMAS", "in_progress",
                                                                  units.dpu)


def test_a_viewer_may_not_record(client, people):
    client.force_login(people.erin)
    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403


def test_bad_intake_input_is_explained_and_kept(client, people):
    client.force_login(people.bob)
    response = client.post(reverse("admin:complaints_complaint_add"), {
        "channel": "web", "title": "Judul yang diketik", "kind": "complaint"})
    page = response.content.decode()
    assert response.status_code == 400 and "Judul yang diketik" in page
    assert not Complaint.objects.exists()
