"""The workbench list (changelist): the verification queue, filters, lateness, search, the
capped count, constant queries and the bulk spam action."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints import services as citizen
from complaints.models import Complaint
from disposition import services
from tests.disposition.helpers import dispose_to
from tests.disposition.workbench.pages import (
    aged,
    listed,
    messages_of,
    queries_for,
    url,
)
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def test_the_verification_queue_holds_new_and_returned_oldest_first(client, people, units,
                                                                    category):
    new = aged(file_report(category), 1)
    oldest = aged(file_report(category), 9)
    returned = dispose_to(aged(file_report(category), 5), units.dpu, people.alice)
    services.return_to_coordinator(complaint=returned, user=people.bob, reason="Bukan kami.")
    dispose_to(file_report(category), units.dpu, people.alice)  # not in the queue
    client.force_login(people.alice)
    response = client.get(url("changelist"), {"antrean": "verifikasi"})
    assert listed(response) == [oldest.tracking_code, returned.tracking_code, new.tracking_code]
    assert "umur (hari kerja)" in response.content.decode().lower()


@pytest.mark.parametrize("query, expected", [
    ({"state__exact": "dispositioned"}, ["dishub", "dpu"]),
    ({"unit": "DISHUB"}, ["dishub"]),
    ({"channel__exact": "sms"}, ["sms"]),
    ({"kind__exact": "aspiration"}, ["aspirasi"]),
    ({"terlambat": "ya"}, ["late"]),
])
def test_list_filters(client, people, units, category, query, expected):
    made = {
        "dpu": dispose_to(file_report(category, title="dpu"), units.dpu, people.alice),
        "dishub": dispose_to(file_report(category, title="dishub"), units.dishub, people.alice),
        "sms": services.record_intake(
            report=citizen.Report(kind="complaint", title="sms", description="Lewat SMS.",
                                  category=category, reporter_phone="+6281325550102"),
            channel="sms", user=people.alice),
        "aspirasi": file_report(category, title="aspirasi", kind="aspiration"),
        "late": file_report(category, title="late"),
    }
    Complaint.objects.filter(pk=made["late"].pk).update(due_at=timezone.now() - timedelta(days=2))
    Complaint.objects.exclude(pk=made["late"].pk).update(due_at=timezone.now() + timedelta(days=2))
    if query.get("unit"):
        query = {"unit": getattr(units, query["unit"].lower()).pk}
    client.force_login(people.alice)
    titles = [c.title for c in client.get(url("changelist"), query).context["cl"].result_list]
    assert titles == expected


def test_an_overdue_complaint_wears_its_lateness(client, people, category):
    late = file_report(category)
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=7))
    client.force_login(people.alice)
    assert "terlambat" in client.get(url("changelist")).content.decode()
    assert "Terlambat" in client.get(url("change", late.pk)).content.decode()


def test_search_by_code_and_title(client, people, category):
    road = file_report(category, title="Jembatan ambrol di Tuntang")
    other = file_report(category, title="Lampu mati")
    client.force_login(people.alice)
    assert listed(client.get(url("changelist"), {"q": road.tracking_code})) == [road.tracking_code]
    assert listed(client.get(url("changelist"), {"q": "ambrol"})) == [road.tracking_code]
    assert other.tracking_code not in listed(client.get(url("changelist"), {"q": "ambrol"}))


def test_eight_letters_find_the_code_and_the_word_the_lpr_only_the_code(client, people,
                                                                        category):
    """"Jembatan" and "genangan" are spelled with the codes' letters: without its LPR such a
    search is a word too (it found nothing before, taken for a code no report had)."""
    bridge = file_report(category, title="Jembatan retak di Bawen")
    other = file_report(category, title="Lampu mati")
    bare = other.tracking_code.removeprefix("LPR-").lower()
    client.force_login(people.alice)
    assert listed(client.get(url("changelist"), {"q": "jembatan"})) == [bridge.tracking_code]
    assert listed(client.get(url("changelist"), {"q": bare})) == [other.tracking_code]
    assert listed(client.get(url("changelist"), {"q": "LPR-JEMBATAN"})) == []
    assert listed(client.get(url("changelist"), {"q": f"lpr {bare}"})) == [other.tracking_code]


def test_a_searched_or_filtered_list_links_each_row_to_its_workbench_page(client, people,
                                                                           category):
    road = file_report(category, title="Jembatan ambrol di Tuntang")
    client.force_login(people.alice)
    for query in ({"q": "ambrol"}, {"antrean": "verifikasi"}):
        page = client.get(url("changelist"), query).content.decode()
        assert f'href="{url("change", road.pk)}"' in page  # without the list's filters
        assert "_changelist_filters" not in page


def test_the_list_never_counts_past_its_cap(client, people, category, monkeypatch):
    from lapor.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    for _ in range(5):
        file_report(category)
    client.force_login(people.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("changelist"))
    assert response.context["cl"].result_count == 3
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql for sql in counts)


def test_a_capped_count_says_more_than_in_each_place_it_shows(client, people, category,
                                                             monkeypatch):
    from lapor.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    for _ in range(5):
        file_report(category)
    client.force_login(people.alice)
    page = client.get(url("changelist")).content.decode()
    assert "Lebih dari 3 laporan; persempit dengan pencarian atau saringan." in page
    # "Select all" takes every match, not three: it must not promise three.
    assert "Pilih semua laporan yang cocok (lebih dari 3)" in page
    assert "Semua laporan yang cocok dipilih (lebih dari 3)" in page
    assert "Pilih seluruh" not in page and not re.search(r"(?<!dari )3 laporan", page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url("changelist")).content.decode()
    assert "More than 3 reports" in english
    assert "Select all matching reports (more than 3)" in english


def test_a_count_under_its_cap_is_given_exactly(client, people, category, monkeypatch):
    from lapor.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 6)
    for _ in range(5):
        file_report(category, title="Jembatan retak")
    client.force_login(people.alice)
    for query in ({}, {"q": "retak"}):
        page = client.get(url("changelist"), query).content.decode()
        assert "5 laporan" in page and "ebih dari" not in page


def test_a_search_counts_only_to_its_own_smaller_cap(client, people, category, monkeypatch):
    from disposition.workbench import admin as workbench_admin
    from lapor.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 10)
    monkeypatch.setattr(workbench_admin, "SEARCH_COUNT_CAP", 2)
    for _ in range(4):
        file_report(category, title="Jembatan retak di Bawen")
    file_report(category, title="Lampu mati")
    client.force_login(people.alice)
    with CaptureQueriesContext(connection) as queries:
        searched = client.get(url("changelist"), {"q": "jembatan retak"})
    assert searched.context["cl"].result_count == 2
    assert len(listed(searched)) == 4  # the rows themselves are all there
    assert "lebih dari 2 hasil" in searched.content.decode()
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 2" in sql for sql in counts)
    # Without a search (blank is none) the list counts to its own cap.
    for query in ({}, {"q": "  "}):
        assert client.get(url("changelist"), query).context["cl"].result_count == 5


def test_the_list_runs_the_same_queries_for_few_and_many(client, people, units, category):
    client.force_login(people.bob)
    dispose_to(file_report(category), units.dpu, people.alice)
    few = queries_for(client, url("changelist"))
    for _ in range(20):
        dispose_to(file_report(category), units.dpu, people.alice)
    assert queries_for(client, url("changelist")) == few


def test_bulk_archive_as_spam_from_the_list(client, people, category):
    spam = [file_report(category) for _ in range(3)]
    client.force_login(people.alice)
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [c.pk for c in spam]})
    assert response.status_code == 302
    assert set(Complaint.objects.values_list("state", "archive_reason")) == {("archived", "spam")}


def test_archiving_more_than_the_limit_at_once_is_refused_and_changes_nothing(
        client, people, category, monkeypatch):
    from disposition.services import triage

    monkeypatch.setattr(triage, "BULK_ARCHIVE_LIMIT", 2)
    spam = [file_report(category, title="Judi online") for _ in range(3)]
    client.force_login(people.alice)
    every_match = {"action": "archive_spam", "select_across": "1", "index": "0",
                   "_selected_action": [spam[0].pk]}
    response = client.post(url("changelist") + "?q=judi", every_match, follow=True)
    assert any("Terlalu banyak laporan dipilih (lebih dari 2)" in m
               for m in messages_of(response))
    assert not Complaint.objects.filter(state="archived").exists()
    # Two at most go through.
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [c.pk for c in spam[:2]]})
    assert Complaint.objects.filter(state="archived").count() == 2


def test_each_row_s_checkbox_and_status_are_drawn_as_django_draws_them(client, people,
                                                                       category):
    from django.contrib import admin as django_admin
    from django.contrib.admin import site

    complaint = file_report(category, title='Jalan "rusak" <b>parah</b> & licin di Bawen')
    client.force_login(people.alice)
    page = client.get(url("changelist")).content.decode()
    django_checkbox = django_admin.ModelAdmin.action_checkbox(site._registry[Complaint],
                                                             complaint)
    assert str(django_checkbox) in page  # the same input, aria-label escaped once
    assert "<b>parah</b>" not in page
    assert "<span class=\"badge state-submitted\">Menunggu verifikasi</span>" in page
    # The bulk action reads the checkbox by its name and value.
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [complaint.pk]})
    assert response.status_code == 302


def test_a_unit_has_no_bulk_archive(client, people, units, category):
    complaint = dispose_to(file_report(category), units.dpu, people.alice)
    client.force_login(people.bob)
    response = client.post(url("changelist"), {
        "action": "archive_spam", "_selected_action": [complaint.pk]})
    assert Complaint.objects.get(pk=complaint.pk).state == "dispositioned"
    assert response.status_code in (200, 302)


def test_a_search_asks_the_title_by_trigram_and_a_code_exactly(client, people, category):
    """A code never goes through LIKE (the unique index finds it); words search titles only,
    where complaint_title_trgm serves UPPER(title) LIKE '%…%'."""
    road = file_report(category, title="Talud ambrol di tepi sungai")
    client.force_login(people.alice)
    with CaptureQueriesContext(connection) as by_code:
        found = listed(client.get(url("changelist"), {"q": road.tracking_code.lower()}))
    assert found == [road.tracking_code]
    assert not any("LIKE" in q["sql"] for q in by_code)
    with CaptureQueriesContext(connection) as by_word:
        assert listed(client.get(url("changelist"), {"q": "AMBROL"})) == [road.tracking_code]
    likes = [q["sql"] for q in by_word if "LIKE" in q["sql"]]
    assert likes and all("tracking_code" not in sql.split("WHERE", 1)[1].split("ORDER")[0]
                         for sql in likes)
