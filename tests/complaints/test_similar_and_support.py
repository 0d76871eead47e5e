"""Similar reports while filing (complaints.similar: near, recent, open, public, alike) and
“dukung laporan ini” (complaints.supporters): the step without JavaScript, the support page,
its bad input, and the supporter hearing the unit's answer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from complaints import supporters
from complaints.models import Complaint, Event, Notification, Supporter
from complaints.workflow import TransitionNotAllowed
from tests.complaints.conftest import image_bytes, photo, run_queued_tasks
from tests.factories import advance, dispose, file_report, make_category

pytestmark = pytest.mark.django_db
FILE = reverse("complaints:file")
SIMILAR = reverse("complaints:similar")
HERE = {"latitude": Decimal("-7.241000"), "longitude": Decimal("110.431000")}


def support_url(complaint):
    return reverse("complaints:support", args=[complaint.tracking_code])


@pytest.fixture
def pothole(category, units, district):
    """A public report being handled, about 100 m from where the new one is filed."""
    return dispose(file_report(category, title="Jalan berlubang besar di depan pasar Bawen",
                               district=district, latitude=Decimal("-7.240200"),
                               longitude=Decimal("110.431400")), units.dpu)


def suggested(client, **params):
    query = {"judul": "Jalan berlubang di depan pasar", "lat": "-7.241000",
             "long": "110.431000", **params}
    html = client.get(SIMILAR, query).content.decode()
    return html


def test_a_near_open_public_report_is_suggested_with_its_distance(client, pothole, category):
    html = suggested(client, kategori=category.pk)
    assert pothole.tracking_code in html and "dari titik Anda" in html
    assert support_url(pothole) in html
    assert "Budi Santoso" not in html  # nothing of its reporter


@pytest.mark.parametrize("change", ["confidential", "unverified", "far", "old", "closed",
                                    "unalike"])
def test_what_is_never_suggested(client, category, secret_category, units, district, change):
    other_category = make_category("sampah", name="Sampah")
    fields = {"title": "Jalan berlubang besar di depan pasar Bawen", **HERE,
              "district": district}
    if change == "confidential":
        report = dispose(file_report(secret_category, **fields), units.setda)
    elif change == "unverified":
        report = file_report(category, **fields)
    elif change == "far":  # about 2 km north
        report = dispose(file_report(category, **{**fields, "latitude": Decimal("-7.223")}),
                         units.dpu)
    elif change == "unalike":  # another category and another problem
        report = dispose(file_report(other_category, **{**fields, "title": "Tarif parkir liar"}),
                         units.dpu)
    else:
        report = dispose(file_report(category, **fields), units.dpu)
    if change == "old":
        Complaint.objects.filter(pk=report.pk).update(
            submitted_at=timezone.now() - timedelta(days=120))
    if change == "closed":
        advance(report, ("accept", "unit"), ("publish_answer", "unit", "Sudah"),
                ("confirm_solved", "reporter"))
    assert report.tracking_code not in suggested(client, kategori=category.pk)


def test_without_a_pin_the_kecamatan_and_a_like_title_find_it(client, pothole, district):
    html = suggested(client, lat="", long="", kecamatan=district.pk)
    assert pothole.tracking_code in html and "dari titik Anda" not in html
    assert suggested(client, lat="", long="") == ""  # no place: nothing to compare


@pytest.mark.parametrize("params", [
    {"lat": "95", "long": "500"}, {"lat": "abc"}, {"kategori": "x" * 40},
    {"judul": "x" * 5000}, {"kecamatan": "99999999999999999999"}, {"lat": "NaN", "long": "inf"},
])
def test_bad_suggestion_queries_answer_quietly(client, pothole, params):
    response = client.get(SIMILAR, {"judul": "Jalan berlubang", **params})
    assert response.status_code == 200


def test_without_javascript_the_suggestions_are_a_step_before_sending(client, pothole,
                                                                      valid):
    response = client.post(FILE, valid)
    page = response.content.decode()
    assert response.status_code == 200
    assert pothole.tracking_code in page and "Tetap kirim laporan baru" in page
    assert 'value="Jalan berlubang di depan pasar Bawen"' in page  # what was typed stays
    assert Complaint.objects.count() == 1  # nothing filed yet
    response = client.post(FILE, {**valid, "lanjut": "1"})
    assert response.status_code == 302 and Complaint.objects.count() == 2


# --- “Dukung laporan ini” ---------------------------------------------------------------------


def test_a_citizen_supports_with_a_photo_and_hears_nothing_of_their_own_step(client, pothole):
    Notification.objects.all().delete()
    response = client.post(support_url(pothole), {
        "name": "Ani", "email": "Ani@Warga.test", "phone": "", "consent": "on",
        "attachments": [photo()], "website": ""})
    assert response.status_code == 302
    assert response["Location"].endswith("?didukung=1#dukungan")
    supporter = Supporter.objects.get()
    assert (supporter.contact, supporter.contact_channel) == ("ani@warga.test", "email")
    pothole.refresh_from_db()
    assert pothole.supporter_count == 1
    event = Event.objects.get(complaint=pothole, action="support")
    assert event.is_public and event.actor == "supporter" and event.attachments.count() == 1
    assert not Notification.objects.exists()  # a citizen's own step is not announced
    page = client.get(response["Location"]).content.decode()
    assert "dukungan Anda tercatat" in page and 'data-supporters="1"' in page
    assert "Ani" not in page.split('id="dukungan"')[1]  # supporters are never named


def test_supporting_without_a_contact_only_counts(client, pothole):
    assert client.post(support_url(pothole), {"website": ""}).status_code == 302
    assert Supporter.objects.get().contact == ""
    pothole.refresh_from_db()
    assert pothole.supporter_count == 1


@pytest.mark.parametrize("data, field, message", [
    ({"email": "ani@warga.test"}, "consent", "Centang persetujuan ini"),
    ({"email": "bukan-email", "consent": "on"}, "email", "alamat email yang valid"),
    ({"attachments": [photo("x.jpg", b"not an image")], "consent": "on"}, "attachments",
     ""),
    ({"website": "http://spam"}, "website", "dikosongkan"),
])
def test_bad_support_input_is_explained_and_nothing_saved(client, pothole, data, field,
                                                         message):
    response = client.post(support_url(pothole), {"website": "", **data})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    assert not Supporter.objects.exists() and not Event.objects.filter(action="support")


def test_the_same_contact_supports_once(client, pothole):
    data = {"email": "ani@warga.test", "consent": "on", "website": ""}
    assert client.post(support_url(pothole), data).status_code == 302
    again = client.post(support_url(pothole), {**data, "email": "ANI@warga.test"})
    assert again.status_code == 409
    assert "sudah mendukung" in again.content.decode()
    assert Supporter.objects.count() == 1
    pothole.refresh_from_db()
    assert pothole.supporter_count == 1


def test_the_database_refuses_a_second_current_support_by_the_same_contact(pothole):
    Supporter.objects.create(complaint=pothole, contact="ani@warga.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(complaint=pothole, contact="ani@warga.test")


def test_confidential_unverified_and_answered_reports_cannot_be_supported(
        client, secret_category, category, units, pothole):
    secret = dispose(file_report(secret_category), units.setda)
    fresh = file_report(category)
    for hidden in (secret, fresh):
        assert client.get(support_url(hidden)).status_code == 404
        assert client.post(support_url(hidden), {"website": ""}).status_code == 404
        with pytest.raises(TransitionNotAllowed):
            supporters.support(complaint=hidden)
    advance(pothole, ("accept", "unit"), ("publish_answer", "unit", "Sudah ditambal."))
    page = client.get(support_url(pothole)).content.decode()
    assert "tidak dapat didukung lagi" in page and 'class="support-form"' not in page
    refused = client.post(support_url(pothole), {"website": ""})
    assert refused.status_code == 409 and not Supporter.objects.exists()


def test_the_supporter_receives_the_unit_s_answer_without_the_private_link(
        client, pothole, mailoutbox, django_capture_on_commit_callbacks):
    client.post(support_url(pothole), {"email": "ani@warga.test", "phone": "",
                                       "consent": "on", "website": ""})
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        advance(pothole, ("accept", "unit"),
                ("publish_answer", "unit", "Lubang sudah ditambal pada 20 November."))
    run_queued_tasks()
    to_ani = [m for m in mailoutbox if m.to == ["ani@warga.test"]]
    assert len(to_ani) == 2  # accepted, answered
    body = to_ani[-1].body
    assert "Lubang sudah ditambal pada 20 November." in body
    assert pothole.secret_key not in body and "/lacak/k/" not in body
    assert f"/lacak/{pothole.tracking_code}/" in body
    assert "Budi Santoso" not in body  # the reporter's name is not the supporter's
    assert Notification.objects.filter(kind="supporter_update", status="sent").count() == 2


def test_a_supporter_by_phone_hears_by_sms(pothole):
    supporters.support(complaint=pothole, phone="+6281299990000")
    advance(pothole, ("accept", "unit"))
    note = Notification.objects.get(kind="supporter_update")
    assert (note.channel, note.recipient) == ("sms", "+6281299990000")


def test_supporting_a_report_checks_the_photo_like_a_report(client, pothole, media_root):
    big = image_bytes(size=(4000, 3000))
    response = client.post(support_url(pothole), {
        "consent": "on", "website": "", "attachments": [photo("besar.jpg", big)]})
    assert response.status_code == 302
    stored = pothole.attachments.get()
    assert max(stored.width, stored.height) <= 2560 and stored.event.action == "support"
