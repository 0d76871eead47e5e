"""Malformed input thrown at the public form, the reporter's actions, the tracking lookup and
the logins (hypothesis): huge fields, NUL bytes, invalid UTF-8, wrong types, missing CSRF,
broken multipart, decompression bombs, PDF/HTML polyglots, SVG with script. Never a server
error, never a report or a file that should not be there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import Attachment, Complaint
from tests.complaints.conftest import image_bytes, png_bomb, stored_files
from tests.factories import file_report

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

FORM_FIELDS = ["kind", "title", "description", "incident_date", "category", "unit", "district",
               "village", "address", "lat", "long", "name", "email", "phone", "shows_name",
               "is_anonymous", "is_confidential", "consent", "website"]
junk_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda t: t * 600),
    st.just("\x00"), st.just("a\x00b"), st.just("‮" * 3), st.just("<script>alert(1)</script>"),
    st.integers().map(str), st.just("-1e309"), st.just("NaN"), st.just("9" * 400),
)
junk_form = st.dictionaries(st.sampled_from(FORM_FIELDS), st.one_of(junk_text,
                                                                     st.lists(junk_text,
                                                                              max_size=3)))
POLYGLOT = (b"%PDF-1.4\n<html><script>alert(1)</script></html>\n1 0 obj<<>>endobj\n"
            b"trailer<<>>\n%%EOF\n")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
hostile_files = st.lists(st.sampled_from([
    ("bom.png", png_bomb), ("poliglot.pdf", lambda: POLYGLOT), ("gambar.svg", lambda: SVG),
    ("foto.jpg", lambda: SVG), ("foto.jpg", lambda: b"\x00" * 5000),
    ("sah.jpg", lambda: image_bytes()),
]), max_size=3)
bad_bodies = st.one_of(st.binary(max_size=3000), st.just(b"\xff\xfe\xfd" * 200),
                       st.just(b"--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n"))
BAD_TYPES = ["multipart/form-data; boundary=xyz", "multipart/form-data",
             "application/x-www-form-urlencoded", "application/json", "text/plain; charset=xxx"]


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@pytest.fixture
def nothing_new(media_root):
    def check(before_complaints):
        assert Complaint.objects.count() == before_complaints
        assert Attachment.objects.count() == 0
        assert stored_files(media_root) == []
    return check


@FUZZ
@given(data=junk_form, files=hostile_files)
def test_the_public_form_never_breaks_nor_keeps_junk(client, category, nothing_new, data, files):
    uploads = [SimpleUploadedFile(name, make()) for name, make in files]
    before = Complaint.objects.count()
    response = client.post("/lapor/", {**data, "attachments": uploads})
    assert_no_server_error(response)
    if response.status_code != 302:
        nothing_new(before)


@FUZZ
@given(body=bad_bodies, content_type=st.sampled_from(BAD_TYPES),
       path=st.sampled_from(["/lapor/", "/akun/masuk/", "/admin/login/", "/lacak/"]))
def test_broken_bodies_get_an_answer_not_an_error(client, category, nothing_new, body,
                                                  content_type, path):
    before = Complaint.objects.count()
    assert_no_server_error(client.generic("POST", path, body, content_type=content_type))
    nothing_new(before)


@FUZZ
@given(code=st.one_of(st.text(max_size=300), st.just("LPR-\x00"), st.just("../../etc/passwd"),
                      st.just("%00"), st.just("LPR-" + "A" * 5000)))
def test_the_tracking_lookup_takes_anything(client, db, code):
    assert_no_server_error(client.get("/lacak/", {"kode": code}))
    if "\x00" not in code and "/" not in code:
        assert_no_server_error(client.get(f"/lacak/{code[:200]}/"))


@FUZZ
@given(action=st.sampled_from(["provide_info", "answer_question", "reply", "confirm_solved",
                               "reopen", "rate", "tidak-ada", "../admin"]),
       data=st.dictionaries(st.sampled_from(["text", "reason", "score", "comment",
                                             f"{'rate'}-score", "provide_info-text"]),
                            junk_text))
def test_the_reporter_actions_refuse_junk_in_any_state(client, category, people, action, data):
    complaint = Complaint.objects.filter(title="Sasaran fuzz").first() or file_report(
        category, title="Sasaran fuzz")
    events = complaint.events.count()
    response = client.post(f"/lacak/k/{complaint.secret_key}/{action}/", data)
    assert_no_server_error(response)
    assert complaint.events.count() == events  # nothing is open for the reporter now


@FUZZ
@given(username=junk_text, password=junk_text,
       path=st.sampled_from(["/akun/masuk/", "/admin/login/"]))
def test_the_logins_take_anything(client, people, username, password, path):
    response = client.post(path, {"username": username, "password": password},
                           REMOTE_ADDR="192.0.2.10")
    assert_no_server_error(response)
    assert "_auth_user_id" not in client.session


def test_a_post_without_its_csrf_token_is_refused_plainly(category, people, nothing_new):
    strict = Client(enforce_csrf_checks=True)
    for path in ("/lapor/", "/akun/masuk/", "/admin/login/"):
        assert strict.post(path, {"title": "x"}).status_code == 403
    nothing_new(0)
