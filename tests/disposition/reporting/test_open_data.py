"""Open data: the public reports as CSV and GeoJSON, with the visibility rules of /laporan/."""

import csv
import io
import json

import pytest

from tests.disposition.helpers import dispose_to
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def reports(category, secret_category, units, people):
    public = dispose_to(file_report(category, title="Lubang di Jl. Ungaran",
                                    reporter_name="Budi Santoso", latitude=-7.14,
                                    longitude=110.40), units.dpu, people.alice)
    dispose_to(file_report(secret_category, title="Pungli di loket", latitude=-7.1,
                           longitude=110.4), units.dpu, people.alice)
    file_report(category, title="Belum diverifikasi")
    no_point = dispose_to(file_report(category, title="Sampah di pasar"), units.dpu,
                          people.alice)
    return public, no_point


def test_the_csv_holds_the_public_reports_without_people(client, reports):
    public, no_point = reports
    response = client.get("/data/laporan.csv")
    assert response["Cache-Control"] == "public, max-age=600"
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][:3] == ["Nomor tiket", "Dikirim", "Status"] and "Lintang" in rows[0]
    assert [row[0] for row in rows[1:]] == [public.tracking_code, no_point.tracking_code]
    text = body(client.get("/data/laporan.csv"))
    assert "Budi" not in text and "Pungli" not in text and "Belum diverifikasi" not in text


def test_the_geojson_holds_the_public_reports_with_a_point(client, reports):
    public, _no_point = reports
    collection = json.loads(body(client.get("/data/laporan.geojson")))
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [110.4, -7.14]}
    assert feature["properties"]["kode"] == public.tracking_code
    assert "Budi" not in json.dumps(collection)


def test_an_empty_region_is_a_valid_empty_collection(client, db):
    assert json.loads(body(client.get("/data/laporan.geojson")))["features"] == []
