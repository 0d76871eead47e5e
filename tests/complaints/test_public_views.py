import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints import uploads
from tests.complaints.conftest import image_bytes
from tests.factories import advance, dispose, file_report, make_category, make_user

LIST = reverse("complaints:public_list")


def detail_url(complaint):
    return reverse("complaints:public_detail", args=[complaint.tracking_code])


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [c.tracking_code for c in response.context["page"]]


@pytest.fixture
def public(category, units):
    return dispose(file_report(category, title="Lampu jalan mati di Bawen"), units.dpu)


def test_only_verified_non_confidential_reports_are_listed(
        client, category, secret_category, units, public):
    unverified = file_report(category)
    confidential = dispose(file_report(secret_category), units.setda)
    archived = advance(file_report(category), ("archive", "coordinator", "Spam"))
    codes = listed(client)
    assert codes == [public.tracking_code]
    for hidden in (unverified, confidential, archived):
        assert client.get(detail_url(hidden)).status_code == 404


def test_a_confidential_report_is_absent_from_search_too(client, secret_category, units):
    dispose(file_report(secret_category, title="Pungli parkir pasar"), units.setda)
    assert listed(client, q="pungli") == []
    assert "Pungli parkir" not in client.get(LIST, {"q": "pungli"}).content.decode()


def test_full_text_search_finds_words_in_title_and_description(client, category, units, public):
    other = dispose(file_report(category, title="Sampah menumpuk",
                                description="Sampah di sungai dekat jembatan tidak diangkut."),
                    units.dpu)
    assert listed(client, q="lampu") == [public.tracking_code]
    assert listed(client, q="sungai jembatan") == [other.tracking_code]
    assert listed(client, q='"xyzzy plugh"') == []
    assert listed(client, q="') OR 1=1 --") == []


def test_filters_by_category_unit_district_and_status(client, units, district, public):
    other_category = make_category("lampu", unit=units.dishub)
    other = dispose(file_report(other_category, district=district), units.dishub)
    other = advance(other, ("accept", "unit"))
    assert listed(client, kategori=other_category.pk) == [other.tracking_code]
    assert listed(client, unit=units.dpu.pk) == [public.tracking_code]
    assert listed(client, kecamatan=district.pk) == [other.tracking_code]
    assert listed(client, status="in_progress") == [other.tracking_code]
    assert set(listed(client, unit="abc", status="bogus")) == {public.tracking_code,
                                                               other.tracking_code}


def test_newest_first_and_paginated_by_twenty(client, category, units):
    complaints = [dispose(file_report(category), units.dpu) for _ in range(23)]
    newest_first = [c.tracking_code for c in reversed(complaints)]
    assert listed(client) == newest_first[:20]
    assert listed(client, hal=2) == newest_first[20:]
    assert listed(client, hal=99) == newest_first[20:]


def test_an_anonymous_reporter_shows_as_anonim_and_no_contact_is_ever_shown(
        client, category, units):
    complaint = dispose(file_report(category, is_anonymous=True, reporter_name="Siti Rahayu",
                                    reporter_email="siti@warga.test",
                                    reporter_phone="+6281299998888"), units.dpu)
    named = dispose(file_report(category, reporter_name="Joko Widodo", shows_name=True,
                                reporter_email="joko@warga.test"), units.dpu)
    pages = [LIST, detail_url(complaint), detail_url(named),
             reverse("complaints:track_detail", args=[complaint.tracking_code])]
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ["Siti", "Rahayu", "siti@warga.test", "6281299998888", "joko@warga.test",
                       "budi@warga.test", "6281234567890"]:
            assert secret not in html, (url, secret)
    assert "Anonim" in client.get(detail_url(complaint)).content.decode()
    assert "Joko Widodo" in client.get(detail_url(named)).content.decode()


def test_a_reporter_s_name_is_public_only_when_they_chose_to_show_it(client, category, units):
    """UU PDP's data minimisation: "tampilkan nama saya" is off unless ticked."""
    quiet = dispose(file_report(category, reporter_name="Rahmat Hidayat"), units.dpu)
    pages = [LIST, detail_url(quiet),
             reverse("complaints:track_detail", args=[quiet.tracking_code])]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Rahmat" not in html and "Hidayat" not in html, url
    assert "Pelapor: Warga" in client.get(detail_url(quiet)).content.decode()
    # Anonymous wins over "show my name".
    both = dispose(file_report(category, reporter_name="Dewi Sartika", shows_name=True,
                               is_anonymous=True), units.dpu)
    assert both.shows_name is False
    assert "Dewi" not in client.get(detail_url(both)).content.decode()


def test_the_form_offers_to_show_the_name_unticked(client, category):
    page = client.get(reverse("complaints:file")).content.decode()
    assert 'name="shows_name"' in page
    assert 'name="shows_name" class="form-check-input" id="id_shows_name" checked' not in page


def test_public_pages_may_be_indexed(client, public):
    for url in [LIST, detail_url(public)]:
        response = client.get(url)
        assert "X-Robots-Tag" not in response
        assert 'name="robots"' not in response.content.decode()


# --- Attachments ------------------------------------------------------------------------------


def with_photo(category, **fields):
    photo = uploads.clean_upload(SimpleUploadedFile("foto.jpg", image_bytes()))
    return file_report(category, files=[photo], **fields)


def test_a_public_report_s_photo_is_served_to_anyone(client, category, units):
    complaint = dispose(with_photo(category), units.dpu)
    item = complaint.attachments.get()
    response = client.get(reverse("complaints:attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    thumb = client.get(reverse("complaints:thumbnail", args=[item.pk]))
    assert thumb.status_code == 200 and len(b"".join(thumb.streaming_content)) < item.size


def test_a_private_report_s_photo_needs_the_key_the_account_or_a_coordinator(
        client, category, people):
    complaint = with_photo(category, user=people.frank)
    url = reverse("complaints:attachment", args=[complaint.attachments.get().pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"k": "x" * 43}).status_code == 404
    response = client.get(url, {"k": complaint.secret_key})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    client.force_login(make_user("gita@warga.test"))
    assert client.get(url).status_code == 404
    client.force_login(people.bob)  # a unit operator: not dispositioned to DPU yet
    assert client.get(url).status_code == 404
    for allowed in (people.frank, people.alice):
        client.force_login(allowed)
        assert client.get(url).status_code == 200


# --- Constant number of queries ---------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code in (200, 404)
    return len(captured)


def test_public_pages_run_the_same_number_of_queries_for_1_and_50_reports(
        client, category, units, district, monkeypatch):
    # The filing page's fingerprint is read on every visit here, not once a second.
    monkeypatch.setattr("complaints.form_cache.FINGERPRINT_SECONDS", 0)
    first = dispose(with_photo(category, district=district), units.dpu)
    first = advance(first, ("accept", "unit"), ("publish_answer", "unit", "Selesai"))
    urls = [reverse("complaints:file"), reverse("complaints:track"), LIST,
            LIST + "?q=jalan", detail_url(first),
            reverse("complaints:track_detail", args=[first.tracking_code]),
            reverse("complaints:private", args=[first.secret_key]),
            reverse("complaints:receipt", args=[first.secret_key])]
    for url in urls:  # the blank filing form is drawn once, then reused
        client.get(url)
    with_one = {url: queries(client, url) for url in urls}
    for _ in range(49):
        dispose(with_photo(category, district=district), units.dpu)
    with_fifty = {url: queries(client, url) for url in urls}
    assert with_one == with_fifty
    assert max(with_fifty.values()) <= 8, with_fifty


def test_the_public_list_never_counts_the_whole_table(client, category, units, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from complaints import views

    monkeypatch.setattr(views, "PUBLIC_COUNT_CAP", 3)
    for _ in range(5):
        dispose(file_report(category), units.dpu)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST).content.decode()
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql for sql in counts)
    assert all("ORDER BY" not in sql for sql in counts)  # an index-only count
    assert "Lebih dari 3 laporan" in page


def test_a_search_ranks_only_the_newest_matches(client, category, units, monkeypatch):
    from complaints import selectors

    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    titles = ["Jalan rusak dekat pasar lama", "Jalan rusak jalan rusak jalan rusak parah",
              "Jalan rusak di depan sekolah dasar"]
    for title in titles:
        dispose(file_report(category, title=title), units.dpu)
    page = client.get(LIST, {"q": "jalan rusak"}).content.decode()
    page = page.replace("<mark>", "").replace("</mark>", "")  # the matched words are marked
    assert titles[1] in page and titles[2] in page
    assert titles[0] not in page  # the oldest match is beyond the candidates
    # the most relevant of the newest two comes first
    assert page.index(titles[1]) < page.index(titles[2])
