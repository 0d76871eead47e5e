"""The public list, a public report and /statistik/ drawn once and shared for a while by
visitors who are not logged in; never a person's own page, never another visitor's token."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.disposition.helpers import dispose_to
from tests.factories import answered, file_report

LIST = reverse("complaints:public_list")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def shared(settings):
    settings.LAPOR_PUBLIC_PAGE_SECONDS = 30


@pytest.fixture
def public_report(category, units, people):
    return dispose_to(file_report(category, title="Lampu jalan mati di Bawen"), units.dpu,
                      people.alice)


def test_the_list_is_drawn_once_and_shared_until_it_expires(
        client, shared, public_report, category, units, people, django_assert_num_queries):
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        assert "Lampu jalan mati di Bawen" in client.get(LIST).content.decode()
        with django_assert_num_queries(0):
            assert "Lampu jalan mati di Bawen" in client.get(LIST).content.decode()
        dispose_to(file_report(category, title="Jembatan retak di Ambarawa"), units.dpu,
                   people.alice)
        assert "Jembatan retak" not in Client().get(LIST).content.decode()  # within 30 s
    with time_machine.travel(started + timezone.timedelta(seconds=31), tick=False):
        assert "Jembatan retak" in client.get(LIST).content.decode()


def test_each_address_is_its_own_page(client, shared, public_report):
    client.get(LIST)
    assert "Tidak ada laporan yang cocok" in client.get(LIST, {"q": "sungai banjir"}).content \
        .decode()


def test_a_logged_in_person_gets_their_own_page(client, shared, public_report, people):
    client.get(LIST)
    client.force_login(people.alice)
    page = client.get(LIST).content.decode()
    assert "Keluar" in page and "Masuk</a>" not in page


def test_each_visitor_of_a_page_with_a_form_gets_their_own_token(shared, category):
    filing = reverse("complaints:file")
    first, second = Client(), Client()
    token_one = TOKEN.search(first.get(filing).content.decode()).group(1)
    page_two = second.get(filing).content.decode()
    token_two = TOKEN.search(page_two).group(1)
    assert token_one != token_two and "csrf-token-drawn-per-request" not in page_two
    assert second.cookies["csrftoken"].value


def test_a_page_without_a_form_of_its_own_draws_no_token(shared, public_report):
    for _ in range(2):  # drawn, then shared
        visitor = Client()
        page = visitor.get(LIST).content.decode()
        assert "csrfmiddlewaretoken" not in page and "csrf-token-drawn" not in page
        assert "csrftoken" not in visitor.cookies


def test_the_language_switcher_works_without_a_token(public_report):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(reverse("set_language"), {"language": "en", "next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    assert '<html lang="en" ' in visitor.get(LIST).content.decode()


def test_a_public_report_is_shared_and_a_missing_one_is_not(client, shared, public_report,
                                                            django_assert_num_queries):
    url = reverse("complaints:public_detail", args=[public_report.tracking_code])
    assert "Lampu jalan mati di Bawen" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    missing = reverse("complaints:public_detail", args=["LPR-ZZZZZZZZ"])
    for _ in range(2):
        response = client.get(missing)
        assert response.status_code == 404
        assert b"csrf-token-drawn-per-request" not in response.content


def test_statistics_keep_their_headers_when_shared(client, shared, public_report):
    first = client.get(reverse("disposition:statistics"))
    second = client.get(reverse("disposition:statistics"))
    assert first.status_code == second.status_code == 200
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Type"].startswith("text/html")


# The tracking page: kept while its report is unchanged, drawn again after any change.

def track_url(complaint):
    return reverse("complaints:track_detail", args=[complaint.tracking_code])


@pytest.fixture
def steady_fingerprint(monkeypatch):
    """Unit and category names read once for the test, so the queries counted are the page's."""
    from complaints import form_cache

    monkeypatch.setattr(form_cache, "FINGERPRINT_SECONDS", 3600)


def test_the_tracking_page_is_shared_until_its_report_changes(
        client, category, units, steady_fingerprint, django_assert_num_queries):
    complaint = file_report(category, title="Jembatan retak di Ambarawa")
    assert "Menunggu verifikasi" in client.get(track_url(complaint)).content.decode()
    with django_assert_num_queries(1):  # the report's version, nothing else
        second = client.get(track_url(complaint))
    assert "Menunggu verifikasi" in second.content.decode()
    assert "no-store" in second["Cache-Control"] and second["X-Robots-Tag"]

    answered(complaint, units.dpu)  # a step taken a moment ago is on the very next visit
    html = Client().get(track_url(complaint)).content.decode()
    assert "Sudah ditambal." in html and "Menunggu verifikasi" not in html


def test_the_tracking_page_s_version_is_a_prepared_statement_and_still_follows_each_step(
        client, category, units, steady_fingerprint):
    from django.db import connection

    from lapor.postgresql.base import PREPARE_THRESHOLD

    complaint = file_report(category, title="Jembatan retak di Ambarawa")
    for _ in range(PREPARE_THRESHOLD + 1):
        assert "Menunggu verifikasi" in client.get(track_url(complaint)).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements "
                       "WHERE statement LIKE 'SELECT lapor_tracking_page_version%%'")
        assert cursor.fetchone()[0] == 1  # planned once per connection, not per visit
    answered(complaint, units.dpu)
    html = client.get(track_url(complaint)).content.decode()
    assert "Sudah ditambal." in html and "Menunggu verifikasi" not in html


def test_a_change_outside_the_services_shows_too(client, category, units, steady_fingerprint):
    from django.db import connection

    complaint = answered(file_report(category), units.dpu)
    assert "Sudah ditambal." in client.get(track_url(complaint)).content.decode()
    with connection.cursor() as cursor:  # e.g. an operator's correction in psql
        cursor.execute("UPDATE complaints_complaint SET title = 'Lubang di Jalan Diponegoro' "
                       "WHERE id = %s", [complaint.pk])
    assert "Lubang di Jalan Diponegoro" in client.get(track_url(complaint)).content.decode()
    units.dpu.name = "Dinas Pekerjaan Umum dan Penataan Ruang"
    units.dpu.save()
    from complaints import form_cache

    form_cache._fingerprint["read_at"] = float("-inf")  # as a second later
    assert "Penataan Ruang" in client.get(track_url(complaint)).content.decode()


def test_an_unknown_code_is_never_kept(client, db, django_assert_num_queries):
    missing = reverse("complaints:track_detail", args=["LPR-ZZZZ2345"])
    for _ in range(2):
        response = client.get(missing)
        assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()
    with django_assert_num_queries(0):  # not a code at all: no query
        assert client.get(reverse("complaints:track_detail", args=["x' OR 1=1"])
                          ).status_code == 404


def test_the_owner_gets_their_own_tracking_page(client, secret_category, people):
    complaint = file_report(secret_category, title="Pungli di pasar", user=people.frank)
    public = client.get(track_url(complaint)).content.decode()
    assert "Pungli di pasar" not in public
    client.force_login(people.frank)
    own = client.get(track_url(complaint)).content.decode()
    assert "Pungli di pasar" in own and complaint.secret_key in own
    client.logout()
    again = Client().get(track_url(complaint)).content.decode()
    assert "Pungli di pasar" not in again and complaint.secret_key not in again
