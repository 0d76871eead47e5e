import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_speaks_indonesian_by_default_even_to_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id" ' in html
    assert "Sampaikan laporan Anda kepada Pemerintah Kabupaten Semarang" in html
    assert "Diverifikasi dalam 3 hari kerja" in html
    assert "Ditindaklanjuti dalam 5 hari kerja" in html
    assert response["Content-Language"] == "id"


def test_home_in_english_after_choosing_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en" ' in html
    assert "Tell the Government of Kabupaten Semarang what went wrong" in html
    assert "Verified within 3 working days" in html
    assert "Sampaikan laporan" not in html


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id" ' in client.get("/").content.decode()


def test_home_names_the_configured_region(client, settings):
    settings.LAPOR_REGION_NAME = "Kota Magelang"
    assert "Pemerintah Kota Magelang" in client.get("/").content.decode()


def test_home_runs_no_query_for_a_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_staff_see_a_link_to_the_workbench_and_citizens_do_not(client, people):
    client.force_login(people.bob)
    assert reverse("admin:index") in client.get("/").content.decode()
    client.force_login(people.frank)
    assert reverse("admin:index") not in client.get("/").content.decode()


def test_the_footer_claims_no_connection_to_sp4n_lapor_that_does_not_exist(client, db):
    """lapor says "terhubung dengan SP4N-LAPOR!" only when a connector is configured and its
    last sync succeeded; there is no connector yet."""
    page = client.get("/").content.decode()
    assert "Dinas Komunikasi dan Informatika" in page and "SP4N-LAPOR" not in page
