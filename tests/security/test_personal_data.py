"""Personal data by UU PDP 27/2022: the retention schedule removes identities, files, messages
and old access-log entries for good and records each run; a citizen downloads their data and
closes their account, which removes their identity and keeps the public record."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRecord, User
from complaints import retention
from complaints import services as citizen
from complaints.models import (
    Attachment,
    Complaint,
    Conversation,
    InboundMessage,
    Notification,
    RetentionRun,
)
from complaints.uploads import CleanFile
from tests.complaints.conftest import image_bytes, stored_files
from tests.disposition.helpers import dispose_to, published
from tests.factories import PASSWORD, file_report, make_user

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
PHOTO = CleanFile(kind="image", content=image_bytes(), extension="jpg", content_type="image/jpeg",
                  original_name="lubang-depan-rumah-budi.jpg", width=640, height=480)


def test_finished_reports_lose_identity_and_files_after_five_years_and_nothing_else(
        category, units, people, media_root):
    with time_machine.travel(datetime(2027, 1, 4, 10, tzinfo=WIB), tick=False):
        old = published(file_report(category, files=[PHOTO], shows_name=True), units.dishub,
                        people, people.dave)
        old = citizen.confirm_solved(complaint=old)
        still_open = dispose_to(file_report(category, files=[PHOTO]), units.dpu, people.alice)
    assert len(stored_files(media_root)) == 2
    with time_machine.travel(datetime(2031, 12, 31, 10, tzinfo=WIB), tick=False):
        assert retention.run().counts["reports_anonymised"] == 0  # not five years yet
    with time_machine.travel(datetime(2032, 1, 6, 10, tzinfo=WIB), tick=False):
        run = retention.run()
    assert run.counts["reports_anonymised"] == 1 and run.finished_at and not run.error
    gone = Complaint.objects.get(pk=old.pk)
    assert (gone.reporter_name, gone.reporter_email, gone.reporter_phone, gone.shows_name) == (
        "", "", "", False)
    assert gone.anonymised_at is not None
    assert (gone.title, gone.state, gone.events.count()) == (old.title, "closed", 5)
    assert not Attachment.objects.filter(complaint=gone).exists()
    assert not Notification.objects.filter(complaint=gone).exists()
    kept = Complaint.objects.get(pk=still_open.pk)
    assert kept.reporter_name == "Budi Santoso" and kept.attachments.count() == 1
    assert len(stored_files(media_root)) == 1  # the open report's photo only
    assert AccessRecord.objects.filter(kind="data_anonymised").count() == 1
    # Never reversible, and a second run finds nothing more.
    with time_machine.travel(datetime(2032, 1, 7, 10, tzinfo=WIB), tick=False):
        assert retention.run().counts["reports_anonymised"] == 0
    assert RetentionRun.objects.count() == 3


def test_conversations_messages_and_old_log_entries_go_after_their_days(people, media_root):
    now = timezone.now()  # the access log is kept by the database's own clock
    for days, name in ((100, "lama"), (10, "baru")):
        at = now - timedelta(days=days)
        chat = Conversation.objects.create(channel="whatsapp", phone=f"+62812{days:07d}",
                                           step="expired", updated_at=at, started_at=at)
        InboundMessage.objects.create(channel="whatsapp", provider_id=f"wamid.{name}",
                                      phone=chat.phone, kind="text", text="Nama saya Budi",
                                      received_at=at, conversation=chat)
        AccessRecord.objects.create(kind="identity_viewed", actor=people.alice, subject=name,
                                    at=now - timedelta(days=days * 8))  # 800 and 80 days
    counts = retention.run().counts
    assert (counts["messages_deleted"], counts["conversations_deleted"],
            counts["access_records_deleted"]) == (1, 1, 1)
    assert list(InboundMessage.objects.values_list("provider_id", flat=True)) == ["wamid.baru"]
    assert AccessRecord.objects.filter(subject="baru").exists()
    assert not AccessRecord.objects.filter(subject="lama").exists()


def test_a_citizen_downloads_everything_kept_about_them(client, category, people):
    frank = people.frank
    mine = file_report(category, user=frank, files=[PHOTO], reporter_name="Frank Warga")
    file_report(category, title="Bukan milik Frank")
    client.force_login(frank)
    response = client.get(reverse("complaints:my_data_download", args=["json"]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["akun"]["email"] == "frank@lapor.test"
    assert [r["nomor_tiket"] for r in data["laporan"]] == [mine.tracking_code]
    assert data["laporan"][0]["lampiran"] == ["lubang-depan-rumah-budi.jpg"]
    assert data["laporan"][0]["riwayat"][0]["langkah"] == "Laporan diterima"
    pdf = client.get(reverse("complaints:my_data_download", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    assert client.get(reverse("complaints:my_data_download",
                              args=["json"])).status_code == 302  # log in first


def test_a_citizen_closes_their_account_and_the_public_record_stays(client, category, units,
                                                                    people):
    gina = make_user("gina.warga@lapor.test")
    mine = dispose_to(file_report(category, user=gina, reporter_name="Gina Warga",
                                  reporter_email="gina.warga@lapor.test"), units.dpu,
                      people.alice)
    client.force_login(gina)
    wrong = client.post(reverse("complaints:my_data"), {"password": "salah"})
    assert wrong.status_code == 400 and "Kata sandi salah" in wrong.content.decode()
    assert User.objects.filter(pk=gina.pk).exists()
    done = client.post(reverse("complaints:my_data"), {"password": PASSWORD})
    assert done.status_code == 302
    assert not User.objects.filter(email="gina.warga@lapor.test").exists()
    kept = Complaint.objects.get(pk=mine.pk)
    assert (kept.reporter_id, kept.reporter_name, kept.reporter_email) == (None, "", "")
    assert kept.events.count() == 2 and kept.title == mine.title
    assert AccessRecord.objects.filter(kind="account_closed").exists()
    page = client.get(reverse("complaints:public_detail", args=[kept.tracking_code]))
    assert "Gina" not in page.content.decode()


def test_staff_cannot_close_their_own_account(client, people):
    client.force_login(people.bob)
    refused = client.post(reverse("complaints:my_data"), {"password": PASSWORD})
    assert refused.status_code == 400 and "koordinator" in refused.content.decode()
    assert User.objects.filter(pk=people.bob.pk).exists()


def test_supporters_lose_their_contact_with_the_report_and_with_their_account(
        category, units, people):
    from complaints import supporters
    from complaints.models import Supporter
    from tests.factories import dispose

    report = dispose(file_report(category), units.dpu)
    citizen_account = make_user("sari@warga.test")
    supporters.support(complaint=report, name="Sari", email="sari@warga.test",
                       user=citizen_account)
    other = supporters.support(complaint=report, name="Tono", phone="+6281200001111")
    citizen.close_account(user=citizen_account, password=PASSWORD)
    closed = Supporter.objects.exclude(pk=other.pk).get()
    assert (closed.name, closed.contact, closed.user) == ("", "", None)
    assert Supporter.objects.get(pk=other.pk).contact == "+6281200001111"
    retention.anonymise(Complaint.objects.filter(pk=report.pk))
    assert set(Supporter.objects.values_list("name", "contact")) == {("", "")}
    report.refresh_from_db()
    assert report.supporter_count == 2  # still counted
