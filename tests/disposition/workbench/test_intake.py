"""The intake page: reports from other channels typed in by a coordinator."""

import pytest

from complaints.models import Complaint, Event
from tests.disposition.workbench.pages import messages_of, url

pytestmark = pytest.mark.django_db


def intake_data(category, **changes):
    return {"channel": "whatsapp", "source_reference": "WA 23/11 08.15",
            "reporter_name": "Pak Darto", "reporter_phone": "0813 2555 0101",
            "kind": "complaint", "category": category.pk, "title": "Air PDAM keruh",
            "description": "Sudah tiga hari air keruh.", **changes}


def test_the_coordinator_records_a_whatsapp_report(client, people, category):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(category))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == url("change", complaint.pk)
    assert (complaint.channel_id, complaint.reporter_phone, complaint.source_reference) == (
        "whatsapp", "+6281325550101", "WA 23/11 08.15")
    assert complaint.tracking_code in messages_of(response)[0]
    assert "WhatsApp" in messages_of(response)[0]


def test_a_report_from_x_tells_the_coordinator_to_pass_the_code_on(client, people, category):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(
        category, channel="x", reporter_phone="", reporter_handle="@warga"))
    complaint = Complaint.objects.get()
    assert "Sampaikan nomor tiket" in messages_of(response)[0]
    assert complaint.tracking_code in messages_of(response)[0]


@pytest.mark.parametrize("changes, field, message", [
    ({"reporter_phone": ""}, None, "paling sedikit satu kontak"),
    ({"reporter_phone": "12"}, "reporter_phone", "tidak dikenali"),
    ({"channel": "web"}, "channel", "pilihan yang valid"),
    ({"title": ""}, "title", "tidak boleh kosong"),
])
def test_intake_refuses_bad_input_keeps_it_and_saves_nothing(client, people, category, changes,
                                                             field, message):
    client.force_login(people.alice)
    response = client.post(url("add"), intake_data(category, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field or "__all__"])
    assert "Sudah tiga hari air keruh." in response.content.decode()
    assert not Complaint.objects.exists() and not Event.objects.exists()
