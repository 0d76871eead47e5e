"""The public list, a public report and /statistik/ drawn once and shared for a while by
visitors who are not logged in; never a person's own page, never another visitor's token."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.disposition.helpers import dispose_to
from tests.factories import file_report

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


def test_each_visitor_gets_their_own_token(shared, public_report):
    first, second = Client(), Client()
    token_one = TOKEN.search(first.get(LIST).content.decode()).group(1)
    page_two = second.get(LIST).content.decode()
    token_two = TOKEN.search(page_two).group(1)
    assert token_one != token_two and "csrf-token-drawn-per-request" not in page_two
    assert second.cookies["csrftoken"].value


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
