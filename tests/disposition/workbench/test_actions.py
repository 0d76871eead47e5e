"""The action view: bad input next to its field, typed text kept, a stale page, duplicates."""

import pytest

from complaints.models import Complaint
from tests.disposition.helpers import dispose_to
from tests.disposition.workbench.pages import action_url, messages_of
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def test_a_missing_reason_is_shown_next_to_the_field_and_nothing_changes(client, people, units,
                                                                        complaint):
    dispose_to(complaint, units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(action_url(complaint, "return"), {"reason": ""})
    assert response.status_code == 400
    form = dict((name, f) for name, _a, f in response.context["action_forms"])["return"]
    assert "Bidang ini tidak boleh kosong." in form.errors["reason"]
    assert Complaint.objects.get(pk=complaint.pk).state == "dispositioned"


def test_typed_text_is_kept_when_a_form_is_refused(client, people, units, complaint):
    client.force_login(people.alice)
    response = client.post(action_url(complaint, "dispose"), {
        "lead_unit": "", "instruction": "Segera tinjau lokasi.", "kind": "complaint",
        "category": complaint.category_id, "title": "Judul baru"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Segera tinjau lokasi." in html and "Judul baru" in html
    assert Complaint.objects.get(pk=complaint.pk).state == "submitted"


def test_a_stale_page_gets_a_clear_message_not_an_error(client, people, units, complaint):
    client.force_login(people.alice)
    data = {"lead_unit": units.dpu.pk, "kind": "complaint", "category": complaint.category_id,
            "title": complaint.title}
    first = client.post(action_url(complaint, "dispose"), data)
    second = client.post(action_url(complaint, "dispose"), {**data, "lead_unit": units.dishub.pk})
    assert first.status_code == second.status_code == 302
    assert "tidak dapat dilakukan" in messages_of(second)[-1]
    assert Complaint.objects.get(pk=complaint.pk).lead_unit == units.dpu


@pytest.mark.parametrize("code, message", [
    ("", "Isi nomor tiket"),
    ("bukan kode", "bukan nomor tiket"),
    ("LPR-ZZZZZZZZ", "tidak ada"),
])
def test_archiving_as_a_duplicate_needs_a_real_original(client, people, complaint, code,
                                                        message):
    client.force_login(people.alice)
    response = client.post(action_url(complaint, "archive"),
                           {"reason": "duplicate", "duplicate_code": code})
    assert response.status_code == 400
    form = {name: f for name, _a, f in response.context["action_forms"]}["archive"]
    assert message in " ".join(form.errors["duplicate_code"])


def test_archiving_as_a_duplicate_by_a_typed_code(client, people, complaint, category):
    original = file_report(category)
    client.force_login(people.alice)
    typed = original.tracking_code.lower().replace("-", " ")
    client.post(action_url(complaint, "archive"), {"reason": "duplicate", "duplicate_code": typed})
    assert Complaint.objects.get(pk=complaint.pk).duplicate_of == original
