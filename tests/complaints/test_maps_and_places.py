"""Pins and places: the public map's data (never a confidential or unverified report), the
workbench map (the list's scope and filters), clustering, the CSP for the tiles, the region's
box, and the kecamatan found from the pin once boundaries are loaded."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import boundaries
from accounts.models import DistrictBoundary, Unit
from complaints import geo, pins
from complaints.models import OPEN_STATE_VALUES
from complaints.workflow import OPEN_STATES
from tests.disposition.helpers import dispose_to
from tests.factories import dispose, file_report, make_unit

pytestmark = pytest.mark.django_db
DATA = reverse("complaints:public_map_data")
BAWEN = {"latitude": Decimal("-7.240000"), "longitude": Decimal("110.430000")}


def square(west, south, size=0.05):
    return [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]


def geojson(*features):
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties,
         "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for properties, ring in features]})


@pytest.fixture
def bawen(district):
    boundaries.load(geojson(({"code": "KEC-BAWEN"}, square(110.40, -7.26))))
    return district


def test_the_public_map_shows_public_pins_only(client, category, secret_category, units):
    shown = dispose(file_report(category, **BAWEN), units.dpu)
    dispose(file_report(secret_category, **BAWEN), units.setda)  # confidential
    file_report(category, **BAWEN)  # not verified yet
    dispose(file_report(category), units.dpu)  # no pin
    response = client.get(DATA)
    data = response.json()
    assert [pin["code"] for pin in data["pins"]] == [shown.tracking_code]
    assert data["pins"][0]["url"] == f"/laporan/{shown.tracking_code}/"
    assert set(data["pins"][0]) == {"code", "title", "state", "lat", "lng", "url"}
    assert "Budi" not in response.content.decode()


def test_the_public_map_page_and_its_csp_name_the_tile_server(client, settings):
    page = client.get(reverse("complaints:public_map"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="report-map"' in html and f'data-url="{DATA}"' in html
    assert "https://tile.openstreetmap.org" in page["Content-Security-Policy"]
    assert "OpenStreetMap" in html  # the attribution the tiles' licence asks for


def test_a_box_and_a_category_narrow_the_map_and_bad_ones_fall_back(client, category, units):
    from tests.factories import make_category

    other = make_category("sampah", name="Sampah")
    near = dispose(file_report(category, **BAWEN), units.dpu)
    far = dispose(file_report(other, latitude=Decimal("-7.100"), longitude=Decimal("110.300")),
                  units.dpu)
    codes = lambda **query: {p["code"] for p in client.get(DATA, query).json()["pins"]}  # noqa: E731
    assert codes(kotak="-7.3,110.4,-7.2,110.5") == {near.tracking_code}
    assert codes(kategori=other.pk) == {far.tracking_code}
    for bad in ("1,2,3", "a,b,c,d", "-7.2,110.5,-7.3,110.4", "95,0,96,1", "x" * 500):
        assert codes(kotak=bad) == {near.tracking_code, far.tracking_code}, bad
    assert client.get(DATA, {"kategori": "9" * 40}).status_code == 200


def test_many_reports_come_as_counted_cells(client, category, units, monkeypatch):
    monkeypatch.setattr(pins, "MAX_PINS", 2)
    for offset in range(3):
        dispose(file_report(category, latitude=Decimal("-7.24") + Decimal(offset) / 1000,
                            longitude=Decimal("110.43")), units.dpu)
    data = client.get(DATA).json()
    assert "pins" not in data and sum(cell["count"] for cell in data["cells"]) == 3


def test_the_workbench_map_follows_the_user_s_scope_and_the_list_s_filters(
        client, people, units, category):
    mine = dispose_to(file_report(category, **BAWEN), units.dpu, people.alice)
    theirs = dispose_to(file_report(category, **BAWEN), units.dishub, people.alice)
    new = file_report(category, **BAWEN)
    data_url = reverse("admin:complaints_complaint_map_data")
    client.force_login(people.bob)  # a DPU operator
    assert [p["code"] for p in client.get(data_url).json()["pins"]] == [mine.tracking_code]
    client.force_login(people.alice)
    everything = {p["code"] for p in client.get(data_url).json()["pins"]}
    assert everything == {mine.tracking_code, theirs.tracking_code, new.tracking_code}
    queue = client.get(data_url, {"antrean": "verifikasi"}).json()["pins"]
    assert [p["code"] for p in queue] == [new.tracking_code]
    assert queue[0]["url"] == reverse("admin:complaints_complaint_change", args=[new.pk])
    page = client.get(reverse("admin:complaints_complaint_map"), {"antrean": "verifikasi"})
    assert page.status_code == 200 and "antrean=verifikasi" in page.content.decode()
    assert client.get(data_url, {"bukan_filter": "1"}).status_code == 302
    client.force_login(people.frank)  # a citizen
    assert client.get(data_url).status_code in (302, 403)


def test_the_map_containers_carry_their_words_and_the_region_box(client):
    html = client.get(reverse("complaints:file")).content.decode()
    assert "report-map-picker" in html and 'data-text-locate="Gunakan lokasi saya"' in html
    assert 'data-box="-7.45,110.25,-7.05,110.65"' in html
    assert "js/map.js" in html and "js/filing.js" in html


# --- Places ------------------------------------------------------------------------------------


def test_the_kecamatan_comes_from_the_pin(category, bawen):
    found = file_report(category, district=None, **BAWEN)
    assert found.district == bawen and not found.location_outside_region
    chosen = make_unit("KEC-TUNTANG", Unit.Kind.DISTRICT, name="Kecamatan Tuntang")
    kept = file_report(category, district=chosen, **BAWEN)
    assert kept.district == chosen  # what the citizen chose stays
    elsewhere = file_report(category, district=None, latitude=Decimal("-7.100"),
                            longitude=Decimal("110.300"))
    assert elsewhere.district is None  # inside the region, in no loaded kecamatan


def test_without_boundaries_nothing_changes(category, district):
    assert not DistrictBoundary.objects.exists()
    assert file_report(category, district=None, **BAWEN).district is None


def test_a_pin_outside_the_region_is_accepted_and_flagged(category, bawen):
    jakarta = file_report(category, district=None, latitude=Decimal("-6.200"),
                          longitude=Decimal("106.816"))
    assert jakarta.pk and jakarta.location_outside_region and jakarta.district is None


def test_swapped_coordinates_are_recognised():
    assert geo.looks_swapped(Decimal("110.43"), Decimal("-7.24"))
    assert not geo.looks_swapped(Decimal("-7.24"), Decimal("110.43"))
    assert not geo.looks_swapped(Decimal("-6.2"), Decimal("106.8"))  # elsewhere, not swapped


@pytest.mark.parametrize("text, message", [
    ("{not json", "Bukan GeoJSON"),
    ('{"type": "Feature"}', "FeatureCollection"),
    (geojson(({"code": "KEC-ENTAH"}, square(110.4, -7.26))), "tidak dikenal"),
    (geojson(({"code": "KEC-BAWEN"}, [[110.4, -7.2], [110.5, -7.2]])), "kurang dari tiga"),
    (geojson(({"code": "KEC-BAWEN"}, [[500, -7.2], [110.5, -7.2], [110.5, -7.3], [500, -7.2]])),
     "di luar rentang"),
    ('{"type": "FeatureCollection", "features": []}', "Tidak ada poligon"),
    ('{"type": "FeatureCollection", "features": [{"properties": {"code": "KEC-BAWEN"}, '
     '"geometry": {"type": "Point", "coordinates": [110.4, -7.2]}}]}', "bukan Polygon"),
])
def test_a_bad_boundary_file_is_explained_and_replaces_nothing(bawen, tmp_path, text, message):
    before = list(DistrictBoundary.objects.values_list("pk", flat=True))
    path = tmp_path / "batas.geojson"
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("load_boundaries", str(path))
    assert list(DistrictBoundary.objects.values_list("pk", flat=True)) == before


def test_the_demo_boundaries_load_and_hold_the_demo_pins(db):
    call_command("load_demo", verbosity=0)
    assert DistrictBoundary.objects.values("district").distinct().count() == 19
    bawen = Unit.objects.get(code="KEC-BAWEN")
    assert geo.district_at(Decimal("-7.245"), Decimal("110.440")) == bawen
    from complaints.models import Complaint

    pinned = Complaint.objects.filter(latitude__isnull=False)
    assert pinned.count() >= 10
    assert all(geo.district_at(c.latitude, c.longitude) == c.district for c in pinned)


def test_the_index_conditions_name_exactly_the_open_states():
    assert set(OPEN_STATE_VALUES) == set(OPEN_STATES)


def test_the_public_map_shows_what_is_still_being_handled(client, category, units):
    from tests.factories import advance

    handled = dispose(file_report(category, **BAWEN), units.dpu)
    done = advance(dispose(file_report(category, **BAWEN), units.dpu), ("accept", "unit"),
                   ("publish_answer", "unit", "Sudah"), ("confirm_solved", "reporter"))
    codes = {p["code"] for p in client.get(DATA).json()["pins"]}
    assert codes == {handled.tracking_code} and done.tracking_code not in codes
