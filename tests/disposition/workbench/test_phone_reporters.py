"""The staff's side of phone channels: the conversation on the workbench page (never an
anonymous reporter's number for a unit), the coordinator's message to the reporter, intake
reporters hearing every step on their phone, and each channel's state on the admin index."""

import pytest
from django.urls import reverse

from complaints.models import Channel, InboundMessage, Notification
from complaints.services import Report
from disposition import services
from tests.disposition.helpers import dispose_to
from tests.disposition.workbench.pages import action_url, messages_of, url
from tests.factories import file_report

pytestmark = pytest.mark.django_db
PHONE = "+6281325550101"


def by_whatsapp(category, **fields):
    complaint = file_report(category, reporter_name="", reporter_email="", reporter_phone=PHONE,
                            **fields)
    type(complaint).objects.filter(pk=complaint.pk).update(channel=Channel.WHATSAPP)
    complaint.refresh_from_db()
    InboundMessage.objects.create(channel="whatsapp", provider_id="wamid.1", phone=PHONE,
                                  kind="text", text="Pipa PDAM bocor di Jl. Merdeka",
                                  received_at=complaint.submitted_at, complaint=complaint)
    return complaint


def test_the_conversation_is_part_of_the_complaint_page(client, people, units, category):
    complaint = dispose_to(by_whatsapp(category), units.dpu, people.alice)
    client.force_login(people.bob)
    page = client.get(url("change", complaint.pk)).content.decode()
    assert "Percakapan dengan pelapor" in page and "Pipa PDAM bocor di Jl. Merdeka" in page
    assert PHONE in page  # a named reporter's number, for the unit that must reach them


def test_a_unit_never_sees_an_anonymous_reporter_s_number(client, people, units, category):
    complaint = dispose_to(by_whatsapp(category, is_anonymous=True), units.dpu, people.alice)
    client.force_login(people.bob)
    page = client.get(url("change", complaint.pk)).content.decode()
    assert "Pipa PDAM bocor" in page
    assert PHONE not in page and "081325550101" not in page and "6281325550101" not in page


def test_the_coordinator_writes_to_the_reporter_s_phone(client, people, category,
                                                        django_capture_on_commit_callbacks):
    complaint = by_whatsapp(category)
    client.force_login(people.alice)
    response = client.post(action_url(complaint, "message_reporter"),
                           {"text": "Mohon kirim foto lokasi pipa yang bocor."})
    assert response.status_code == 302, messages_of(response)
    sent = Notification.objects.get(kind="staff_message")
    assert (sent.channel, sent.recipient, sent.body) == (
        "whatsapp", PHONE, "Mohon kirim foto lokasi pipa yang bocor.")
    assert complaint.internal_notes.filter(text__contains="Pesan dikirim ke pelapor").exists()


def test_a_unit_may_not_write_to_the_reporter(client, people, units, category):
    complaint = dispose_to(by_whatsapp(category), units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(action_url(complaint, "message_reporter"), {"text": "Halo"})
    assert response.status_code == 403
    assert not Notification.objects.filter(kind="staff_message").exists()


def test_a_reporter_without_a_contact_cannot_be_written_to(people, category):
    report = Report(kind="complaint", title="Jalan rusak", description="Jalan rusak parah.",
                    category=category, reporter_handle="@warga_bawen")
    complaint = services.record_intake(report=report, channel="instagram", user=people.alice)
    from complaints.workflow import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed, match="tidak meninggalkan"):
        services.message_reporter(complaint=complaint, user=people.alice, text="Halo")
    with pytest.raises(TransitionNotAllowed, match="Tulis pesan"):
        services.message_reporter(complaint=complaint, user=people.alice, text="  ")


def test_an_intake_reporter_hears_every_step_on_their_phone(people, units, category,
                                                          django_capture_on_commit_callbacks):
    report = Report(kind="complaint", title="Sampah di sungai", description="Sampah menumpuk.",
                    category=category, reporter_phone=PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.record_intake(report=report, channel="whatsapp", user=people.alice)
        dispose_to(complaint, units.dpu, people.alice)
    kinds = list(Notification.objects.filter(recipient=PHONE).values_list("kind", "channel"))
    assert kinds == [("status_update", "whatsapp"), ("receipt", "whatsapp")]


def test_the_index_tells_coordinators_whether_each_channel_is_connected(client, people,
                                                                        settings):
    settings.LAPOR_WHATSAPP_PROVIDER = settings.LAPOR_SMS_PROVIDER = "log"
    Notification.objects.create(kind="receipt", channel="sms", recipient=PHONE,
                                status="failed", attempts=1, error="gateway answered 502")
    client.force_login(people.alice)
    work = {label: count for label, count, _url in
            client.get(reverse("admin:index")).context["work"]}
    assert work["WhatsApp: belum dikonfigurasi — pesan hanya dicatat, tidak dikirim"] == "!"
    assert work["SMS: gagal — gateway answered 502"] == "!"
    assert work["E-mail: terhubung"] == "✓"  # the tests' mail backend keeps what it takes
    client.force_login(people.bob)
    assert not any("WhatsApp" in label for label, _c, _u in
                   client.get(reverse("admin:index")).context["work"])
