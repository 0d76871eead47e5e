import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import RateCounter
from complaints.models import Attachment, Complaint
from tests.complaints.conftest import image_bytes, photo, png_bomb, stored_files

URL = reverse("complaints:file")


def test_the_form_shows_every_field_in_indonesian(client, category):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["kind", "title", "description", "incident_date", "category", "unit",
                 "district", "village", "address", "lat", "long", "attachments", "is_anonymous",
                 "is_confidential", "name", "email", "phone", "consent", "website"]:
        assert f'name="{name}"' in html, name
    assert "Saya tidak tahu" in html and "Kirim laporan" in html
    assert 'enctype="multipart/form-data"' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_valid_report_is_filed_and_the_reporter_lands_on_the_receipt(client, valid, units):
    response = client.post(URL, {**valid, "attachments": [photo(), photo("b.jpg")]})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:receipt", args=[complaint.secret_key])
    assert (complaint.reporter_email, complaint.reporter_phone) == (
        "budi@warga.test", "+6281234567890")
    assert complaint.suggested_unit == units.dpu and str(complaint.latitude) == "-7.241234"
    assert complaint.attachments.count() == 2
    receipt = client.get(response["Location"])
    assert complaint.tracking_code in receipt.content.decode()
    assert complaint.secret_key in receipt.content.decode()


def test_i_dont_know_the_unit_is_accepted(client, valid):
    assert client.post(URL, {**valid, "unit": ""}).status_code == 302
    assert Complaint.objects.get().suggested_unit is None


def test_only_a_phone_is_enough_to_be_answered(client, valid):
    assert client.post(URL, {**valid, "email": ""}).status_code == 302


def test_an_anonymous_report_needs_no_name(client, valid):
    assert client.post(URL, {**valid, "name": "", "is_anonymous": "on"}).status_code == 302


TOMORROW = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("typed", ["2026-11-20", " 2026-11-20 ", "20-11-2026", "20/11/2026"])
def test_the_date_picker_s_date_and_a_typed_indonesian_date_are_both_read(client, valid, typed):
    assert client.post(URL, {**valid, "incident_date": typed}).status_code == 302
    assert str(Complaint.objects.get().incident_date) == "2026-11-20"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"kind": "gossip"}, "kind", "pilihan yang valid"),
    ({"title": ""}, "title", "tidak boleh kosong"),
    ({"title": "Jalan"}, "title", "paling sedikit 10"),
    ({"title": "x" * 151}, "title", "paling banyak 150"),
    ({"description": "Rusak."}, "description", "paling sedikit 30"),
    ({"incident_date": TOMORROW}, "incident_date", "tidak boleh di masa depan"),
    ({"incident_date": "31-02-2026"}, "incident_date", "tanggal yang valid"),
    ({"incident_date": "2026-02-31"}, "incident_date", "tanggal yang valid"),
    ({"category": ""}, "category", "tidak boleh kosong"),
    ({"category": "999999"}, "category", "pilihan yang valid"),
    ({"category": "abc"}, "category", "pilihan yang valid"),
    ({"unit": "999999"}, "unit", "tidak dapat dipilih"),
    ({"unit": "abc"}, "unit", "pilihan yang valid"),
    ({"district": "999999"}, "district", "pilihan yang valid"),
    ({"lat": "", "long": "110.4"}, "long", "keduanya"),
    ({"lat": "95"}, "lat", "Lintang harus antara -90 dan 90."),
    ({"lat": "110.431234", "long": "-7.241234"}, "lat", "tampaknya tertukar"),
    ({"long": "190"}, "long", "Bujur harus antara -180 dan 180."),
    ({"lat": "1234.5"}, "lat", "lebih dari 3 angka"),
    ({"long": "timur"}, "long", "bilangan"),
    ({"email": "budi@"}, "email", "alamat email yang valid"),
    ({"phone": "12345"}, "phone", "Nomor telepon tidak dikenali"),
    ({"email": "", "phone": ""}, "email", "e-mail atau nomor telepon"),
    ({"name": ""}, "name", "centang “Anonim”"),
    ({"consent": ""}, "consent", "Centang persetujuan"),
    ({"website": "http://spam.example"}, "website", "harus dikosongkan"),
])
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved(
        client, valid, changes, field, message, media_root):
    response = client.post(URL, {**valid, **changes, "attachments": [photo()]})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Complaint.objects.exists() and stored_files(media_root) == []
    html = response.content.decode()
    assert 'class="invalid-feedback' in html
    assert valid["description"] in html or "description" in changes  # what was typed stays


@pytest.mark.parametrize(("files", "message"), [
    ([SimpleUploadedFile("foto.jpg", b"bukan gambar, hanya teks " * 20)],
     "bukan foto (JPEG, PNG, WebP, HEIC)"),
    ([SimpleUploadedFile("rusak.jpg", image_bytes()[:300])], "“rusak.jpg”"),
    ([SimpleUploadedFile("bom.png", png_bomb())], "terlalu besar"),
    ([photo(f"{n}.jpg") for n in range(6)], "Paling banyak 5 berkas"),
])
def test_bad_attachments_are_refused_with_a_reason(client, valid, files, message, media_root):
    response = client.post(URL, {**valid, "attachments": files})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_an_oversized_file_is_refused(client, valid, settings):
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(URL, {**valid, "attachments": [big]})
    assert response.status_code == 400
    assert "batasnya 10,0" in " ".join(response.context["form"].errors["attachments"])


def test_html_and_script_are_stored_as_typed_and_shown_escaped(client, valid):
    title = "<script>alert('x')</script> Jalan <b>rusak</b>"
    client.post(URL, {**valid, "title": title, "description": valid["description"] + "<img "
                      "src=x onerror=alert(1)>"})
    complaint = Complaint.objects.get()
    assert complaint.title == title
    html = client.get(reverse("complaints:private", args=[complaint.secret_key])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_logged_in_citizen_finds_the_form_filled_and_no_honeypot(client, people):
    client.force_login(people.frank)
    html = client.get(URL).content.decode()
    assert 'value="frank@lapor.test"' in html and 'value="Frank"' in html
    assert 'name="website"' not in html


def test_a_report_filed_logged_in_belongs_to_the_account(client, valid, people):
    client.force_login(people.frank)
    valid.pop("website")
    client.post(URL, {**valid, "email": "", "phone": ""})
    assert Complaint.objects.get().reporter == people.frank


def test_the_rate_limit_stops_the_third_report_in_an_hour_and_keeps_the_text(
        client, valid, settings):
    settings.LAPOR_SUBMIT_LIMIT_PER_HOUR = 2
    assert [client.post(URL, valid).status_code for _ in range(2)] == [302, 302]
    response = client.post(URL, valid)
    assert response.status_code == 429
    html = response.content.decode()
    assert "terlalu banyak laporan dari jaringan ini" in html
    assert valid["description"] in html  # nothing typed is lost
    assert Complaint.objects.count() == 2


def test_the_rate_limit_counts_per_address(client, valid, settings):
    settings.LAPOR_SUBMIT_LIMIT_PER_HOUR = 1
    assert client.post(URL, valid, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(URL, valid, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, valid, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert "10.0.0.1" not in " ".join(RateCounter.objects.values_list("key", flat=True))


def test_invalid_posts_do_not_count_against_the_limit(client, valid, settings):
    settings.LAPOR_SUBMIT_LIMIT_PER_HOUR = 1
    for _ in range(3):
        assert client.post(URL, {**valid, "title": ""}).status_code == 400
    assert client.post(URL, valid).status_code == 302


def test_a_retired_or_outside_unit_is_refused_beside_the_field(client, valid, units):
    from accounts.models import Unit

    outside = Unit.objects.create(code="kemen-x", name="Kementerian X", kind=Unit.Kind.EXTERNAL)
    Unit.objects.filter(pk=units.dishub.pk).update(is_active=False)
    for unit in (outside, units.dishub):
        response = client.post(URL, {**valid, "unit": unit.pk})
        assert response.status_code == 400
        assert "tidak dapat dipilih" in " ".join(response.context["form"].errors["unit"])
    assert not Complaint.objects.exists()


def test_the_blank_page_is_drawn_once_and_again_when_a_unit_or_category_changes(
        client, category, units, django_assert_num_queries, monkeypatch):
    from complaints import form_cache

    monkeypatch.setattr(form_cache, "FINGERPRINT_SECONDS", 0)  # read on every visit
    first = client.get(URL).content.decode()
    assert units.dpu.name in first and category.name in first
    with django_assert_num_queries(1):  # the choice lists' fingerprint, nothing else
        assert client.get(URL).content.decode().count('name="title"') == 1
    units.dpu.name = "Dinas Pekerjaan Umum dan Penataan Ruang"
    units.dpu.save()
    category.__class__.objects.filter(pk=category.pk).update(name="Jalan dan jembatan")
    again = client.get(URL).content.decode()
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in again
    assert "Jalan dan jembatan" in again
    units.dpu.is_active = False
    units.dpu.save()
    assert f'value="{units.dpu.pk}"' not in client.get(URL).content.decode()


def test_a_filed_photo_is_not_kept_by_the_form_once_stored(client, valid, media_root):
    # A form and its bound fields are a reference cycle: what it still holds after the
    # request stays in the worker until the collector's next full pass.
    import gc

    from complaints.uploads import CleanFile

    gc.collect()
    gc.disable()
    try:
        before = {id(item) for item in gc.get_objects() if isinstance(item, CleanFile)}
        response = client.post(URL, {**valid, "lanjut": "1", "attachments": [photo()]})
        held = [item for item in gc.get_objects()
                if isinstance(item, CleanFile) and id(item) not in before]
    finally:
        gc.enable()
    assert response.status_code == 302 and Attachment.objects.count() == 1
    assert held == []


def test_a_filing_finds_its_category_and_kecamatan_among_the_kept_rows(client, valid,
                                                                        district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(URL, {**valid, "lanjut": "1"})  # keeps the rows for this process
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, {**valid, "lanjut": "1"}).status_code == 302
    read = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in read if 'FROM "complaints_category"' in sql]
    assert not [sql for sql in read if "'district'" in sql]
    assert Complaint.objects.latest("pk").district == district


def test_a_category_added_or_retired_a_moment_ago_is_judged_by_the_table(client, valid,
                                                                         category):
    from complaints import form_cache
    from tests.factories import make_category

    client.post(URL, valid)  # the rows are kept, and trusted for a second
    new = make_category("pasar", unit=category.default_unit, name="Pasar")
    assert client.post(URL, {**valid, "category": new.pk}).status_code == 302
    category.__class__.objects.filter(pk=category.pk).update(is_active=False)
    form_cache._fingerprint["read_at"] = float("-inf")  # as a second later
    response = client.post(URL, valid)
    assert response.status_code == 400
    assert "pilihan yang valid" in " ".join(response.context["form"].errors["category"])


def test_the_forms_share_a_kept_list_s_queryset_and_never_read_rows_into_it(client, valid,
                                                                         category):
    """Each form's copy of the category field shares the class's queryset instead of cloning
    it twice per request; no rows are ever read into it, so no form keeps another's."""
    from complaints.forms import ComplaintForm
    from tests.factories import make_category

    shared = ComplaintForm.base_fields["category"].queryset
    first, second = ComplaintForm(), ComplaintForm()
    assert first.fields["category"].queryset is shared is second.fields["category"].queryset
    assert client.post(URL, valid).status_code == 302  # checked against the kept rows
    new = make_category("pasar", unit=category.default_unit, name="Pasar")
    assert client.post(URL, {**valid, "category": new.pk}).status_code == 302  # looked up
    assert "Pasar" in str(first["category"])  # drawn afresh
    assert shared._result_cache is None
    # Each copy draws its own choices: one form's label is not another's.
    first.fields["category"].empty_label = "— kategori A —"
    assert "— kategori A —" in str(first["category"])
    assert "— kategori A —" not in str(second["category"])


def test_a_busy_process_reads_the_fingerprint_once_a_second(client, category,
                                                            django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        for _ in range(3):
            client.get(URL)


def test_each_visitor_of_the_shared_page_gets_a_token_of_their_own(category, valid):
    import re

    from django.test import Client

    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    alice_token = token.search(alice.get(URL).content.decode()).group(1)
    bob_token = token.search(bob.get(URL).content.decode()).group(1)  # from the cache
    assert "csrf-token-drawn-per-request" not in bob.get(URL).content.decode()
    assert alice_token != bob_token and bob.cookies["csrftoken"].value
    assert alice.post(URL, {**valid, "csrfmiddlewaretoken": bob_token}).status_code == 403
    assert not Complaint.objects.exists()
    assert bob.post(URL, {**valid, "csrfmiddlewaretoken": bob_token}).status_code == 302
    assert Complaint.objects.count() == 1


def test_an_address_with_a_question_or_a_message_waiting_is_drawn_for_its_visitor(client,
                                                                                category):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    client.get(URL)  # the shared page is cached
    assert client.get(URL, {"kategori": category.pk}).status_code == 200
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.INFO, "Anda sudah keluar.")
    response = client.get("/")
    storage.update(response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    assert "Anda sudah keluar." in client.get(URL).content.decode()


def test_the_cached_form_follows_the_language(client, category):
    from django.conf import settings

    indonesian = client.get(URL).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL).content.decode()
    assert "Kirim laporan" in indonesian and "Kirim laporan" not in english
    assert "Send report" in english or "Submit report" in english


def test_a_logged_in_citizen_gets_the_form_with_their_details(client, category,
                                                             django_user_model):
    user = django_user_model.objects.create_user(
        email="sari@warga.test", password="rahasia-sekali-123", full_name="Sari Wulandari")
    client.get(URL)  # the anonymous form is cached; hers is not that one
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert 'value="Sari Wulandari"' in html and 'name="website"' not in html


def test_a_long_text_is_refused_with_its_length_and_kept_never_cut(client, valid):
    page = client.get(URL).content.decode()
    assert 'data-max-length="5000"' in page and 'maxlength="5000"' not in page
    assert "js/counter.js" in page and "data-text-too-long=" in page
    pasted = "Jalan rusak parah. " * 400  # 7,600 characters
    response = client.post(URL, {**valid, "description": pasted})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["description"])
    assert "paling banyak 5000 karakter (sekarang 7599" in errors  # what was typed, stripped
    assert pasted.strip() in response.content.decode()  # every character kept
    assert not Complaint.objects.exists()


def test_a_filing_with_a_photo_is_read_by_lapor_s_form_data_parser(client, valid, media_root,
                                                                  monkeypatch):
    from lapor.form_data import FormDataParser

    read_here = []
    collect = FormDataParser._collect
    monkeypatch.setattr(FormDataParser, "_collect",
                        lambda self, parts: read_here.append(parts) or collect(self, parts))
    response = client.post(URL, {**valid, "lanjut": "1", "attachments": [photo("jalan.jpg")]})
    assert response.status_code == 302
    assert len(read_here) == 1
    complaint = Complaint.objects.get()
    assert complaint.title == valid["title"] and complaint.reporter_phone == "+6281234567890"
    assert complaint.attachments.get().original_name == "jalan.jpg"
