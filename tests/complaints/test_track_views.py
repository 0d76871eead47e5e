import pytest
from django.urls import reverse

from tests.factories import advance, answered, dispose, file_report, make_user


def private_url(complaint):
    return reverse("complaints:private", args=[complaint.secret_key])


def track_url(complaint):
    return reverse("complaints:track_detail", args=[complaint.tracking_code])


def test_the_tracking_form_takes_a_code_as_people_type_it(client, category):
    complaint = file_report(category)
    typed = complaint.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("complaints:track"), {"kode": typed})
    assert response.status_code == 302 and response["Location"] == track_url(complaint)


@pytest.mark.parametrize("typed", ["LPR-ZZZZ2345", "bukan kode", "LPR-0000OOOO"])
def test_an_unknown_code_gets_a_friendly_not_found_page(client, category, typed):
    file_report(category)
    response = client.get(reverse("complaints:track"), {"kode": typed})
    assert response.status_code == 404
    html = response.content.decode()
    assert "tidak ditemukan" in html and "Periksa lagi nomornya" in html
    assert 'name="kode"' in html  # try again right there


def test_an_unknown_code_in_the_address_gets_the_same_page(client, db):
    response = client.get(reverse("complaints:track_detail", args=["LPR-ZZZZ2345"]))
    assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()


def test_tracking_shows_status_unit_expected_date_and_public_timeline(client, category, units):
    complaint = dispose(file_report(category), units.dpu)
    response = client.get(track_url(complaint))
    html = response.content.decode()
    assert "Didisposisikan" in html and units.dpu.name in html
    assert "Perkiraan tahap ini selesai" in html
    assert "Laporan diterima" in html and "Diverifikasi dan didisposisikan" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_an_unverified_report_shows_its_status_but_not_its_content_to_the_public(
        client, category):
    complaint = file_report(category, title="Judul yang belum diverifikasi")
    html = client.get(track_url(complaint)).content.decode()
    assert "Menunggu verifikasi" in html
    assert "Judul yang belum diverifikasi" not in html


def test_a_confidential_report_shows_its_content_only_through_the_private_link(
        client, secret_category, units):
    complaint = dispose(file_report(secret_category, title="Pungli di kantor kecamatan",
                                    description="Petugas X meminta uang tambahan."), units.setda)
    public = client.get(track_url(complaint)).content.decode()
    assert "Pungli di kantor kecamatan" not in public and "Petugas X" not in public
    private = client.get(private_url(complaint)).content.decode()
    assert "Pungli di kantor kecamatan" in private and "Petugas X" in private


def test_the_owner_s_account_reads_the_content_and_finds_the_private_page(
        client, secret_category, people):
    complaint = file_report(secret_category, title="Pungli di pasar", user=people.frank)
    client.force_login(people.frank)
    html = client.get(track_url(complaint)).content.decode()
    assert "Pungli di pasar" in html and private_url(complaint) in html


def test_another_citizen_does_not(client, secret_category, people, units):
    complaint = file_report(secret_category, title="Pungli di pasar", user=people.frank)
    client.force_login(make_user("gita@warga.test"))
    html = client.get(track_url(complaint)).content.decode()
    assert "Pungli di pasar" not in html and private_url(complaint) not in html


@pytest.mark.parametrize("key", ["x" * 43, "short", "A" * 42 + "!"])
def test_a_wrong_private_key_finds_nothing(client, category, key):
    file_report(category)
    assert client.get(reverse("complaints:private", args=[key])).status_code == 404


def test_the_private_page_offers_only_what_the_reporter_may_do_now(client, category, units):
    waiting = advance(file_report(category), ("request_info", "coordinator", "Kirim foto."))
    html = client.get(private_url(waiting)).content.decode()
    assert "Lengkapi laporan" in html and "Kirim foto." in html
    assert "Masalah sudah selesai?" not in html
    done = answered(file_report(category), units.dpu)
    html = client.get(private_url(done)).content.decode()
    for heading in ["Tanggapi jawaban", "Masalah sudah selesai?", "Masalah belum selesai?",
                    "Beri penilaian"]:
        assert heading in html
    assert "Lengkapi laporan" not in html and "Sudah ditambal." in html


def test_the_receipt_and_private_pages_are_not_indexed_or_cached(client, category):
    complaint = file_report(category)
    for url in [reverse("complaints:receipt", args=[complaint.secret_key]), private_url(complaint)]:
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_tracking_page_speaks_english_when_asked(client, category):
    complaint = file_report(category)
    client.cookies["django_language"] = "en"
    html = client.get(track_url(complaint)).content.decode()
    assert "Awaiting verification" in html
    assert "Report received" in html and "Tracking code" in html
