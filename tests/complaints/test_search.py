"""Indonesian search (complaints.search) on the public list, the workbench and the dashboard:
stemmed words, every word before some words, highlighted titles, and bad input."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from complaints import search
from complaints.models import Complaint
from tests.disposition.workbench.pages import listed as listed_in_workbench
from tests.disposition.workbench.pages import url as workbench_url
from tests.factories import dispose, file_report

pytestmark = pytest.mark.django_db
LIST = reverse("complaints:public_list")


def listed(client, q):
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    return [c.title for c in response.context["page"]], response.content.decode()


@pytest.fixture
def road(category, units):
    return dispose(file_report(category, title="Jalan berlubang dan rusak parah",
                               description="Aspal mengelupas sepanjang 200 meter."), units.dpu)


@pytest.fixture
def lamp(category, units):
    return dispose(file_report(category, title="Lampu taman mati",
                               description="Sudah tiga malam gelap."), units.dpu)


@pytest.mark.parametrize("typed", ["jalan rusak", "kerusakan jalan", "jalanan rusak",
                                   "perbaikan jalan", "JALAN  RUSAK!", "berlubang"])
def test_the_examples_of_issue_17_find_the_damaged_road(client, road, lamp, typed):
    titles, _ = listed(client, typed)
    assert titles == [road.title]


def test_reports_with_every_word_come_alone_when_there_are_some(client, road, category,
                                                                units):
    slippery = dispose(file_report(category, title="Jalan licin di tikungan"), units.dpu)
    titles, page = listed(client, "kerusakan jalan")
    assert titles == [road.title]
    assert "sebagian kata" not in page
    # No report says both "baik" and "jalan": those with either come, the road first.
    titles, page = listed(client, "perbaikan jalan licin")
    assert set(titles) == {road.title, slippery.title} and titles[0] == slippery.title
    assert "Tidak ada laporan yang memuat semua kata" in page


def test_matched_words_are_marked_and_the_title_escaped(client, category, units):
    dispose(file_report(category, title="Kerusakan <script>alert(1)</script> jalan desa"),
            units.dpu)
    _, page = listed(client, "rusak")
    assert "<mark>Kerusakan</mark> &lt;script&gt;alert(1)&lt;/script&gt; jalan desa" in page
    assert "<script>alert(1)" not in page


def test_accents_do_not_matter(client, category, units):
    cafe = dispose(file_report(category, title="Kafe café berisik tiap malam"), units.dpu)
    assert listed(client, "cafe")[0] == [cafe.title]


@pytest.mark.parametrize("typed, note", [
    ("!!! @@@ ###", "Pencarian perlu huruf atau angka; semua laporan ditampilkan."),
    ("jalan " * 400, "Pencarian dipendekkan: hanya 8 kata pertama yang dicari."),
    ("satu dua tiga empat lima enam tujuh delapan sembilan jalan",
     "Pencarian dipendekkan: hanya 8 kata pertama yang dicari."),
])
def test_bad_searches_are_explained_not_failed(client, road, lamp, typed, note):
    titles, page = listed(client, typed)
    assert note in page
    if not search.words_of(typed):
        assert set(titles) == {road.title, lamp.title}
    assert f'value="{escape(typed.strip()[:search.MAX_CHARS])}"' in page  # kept as typed


def test_a_confidential_report_is_never_found(client, secret_category, units, road):
    dispose(file_report(secret_category, title="Kerusakan jalan di kantor camat"), units.setda)
    titles, page = listed(client, "kerusakan jalan")
    assert titles == [road.title] and "kantor camat" not in page


# --- The workbench ----------------------------------------------------------------------------


def test_the_workbench_finds_stems_and_parts_of_titles(client, people, category):
    road = file_report(category, title="Jalan berlubang di Bawen",
                       description="Kerusakan makin parah.")
    file_report(category, title="Lampu taman mati", description="Gelap sejak Senin.")
    client.force_login(people.alice)
    for typed in ("rusak", "jalanan", "Baw"):  # "Baw": inside a title, by trigram
        found = listed_in_workbench(client.get(workbench_url("changelist"), {"q": typed}))
        assert found == [road.tracking_code], typed


def test_a_unit_finds_only_what_was_sent_to_it(client, people, units, category):
    from tests.disposition.helpers import dispose_to

    ours = dispose_to(file_report(category, title="Jalan rusak A"), units.dpu, people.alice)
    dispose_to(file_report(category, title="Jalan rusak B"), units.dishub, people.alice)
    client.force_login(people.bob)
    found = listed_in_workbench(client.get(workbench_url("changelist"), {"q": "kerusakan"}))
    assert found == [ours.tracking_code]


def test_a_workbench_search_of_symbols_is_explained(client, people, category):
    file_report(category, title="Jalan rusak")
    client.force_login(people.alice)
    response = client.get(workbench_url("changelist"), {"q": "%%% ***"}, follow=True)
    assert response.status_code == 200
    assert listed_in_workbench(response) == []
    assert "Pencarian perlu huruf atau angka." in response.content.decode()
    long = client.get(workbench_url("changelist"), {"q": "rusak " * 500})
    assert long.status_code == 200


# --- The dashboard ----------------------------------------------------------------------------


def dashboard(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("disposition:dashboard"), query)
    assert response.status_code == 200
    return response


def test_the_dashboard_counts_the_reports_with_every_word(client, people, category):
    file_report(category, title="Jalan rusak di Bawen")
    file_report(category, title="Kerusakan jalan desa")
    file_report(category, title="Lampu mati")
    assert dashboard(client, people.alice).context["figures"]["received"] == 3
    narrowed = dashboard(client, people.alice, cari="jalan rusak")
    assert narrowed.context["figures"]["received"] == 2
    assert narrowed.context["trend"][-1]["received"] == 2


@pytest.mark.parametrize("typed, message", [
    ("*** ???", "Kata kunci perlu huruf atau angka."),
    ("x" * 2000, "paling banyak 200 karakter"),
])
def test_a_bad_dashboard_search_is_explained_and_ignored(client, people, category, typed,
                                                         message):
    file_report(category, title="Jalan rusak")
    response = dashboard(client, people.alice, cari=typed)
    assert message in response.content.decode()
    assert response.context["figures"]["received"] == Complaint.objects.count()
