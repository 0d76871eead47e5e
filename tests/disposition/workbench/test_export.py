"""The workbench's export of the filtered list (through the one export module)."""

import pytest

from tests.disposition.helpers import dispose_to
from tests.disposition.workbench.pages import messages_of, url
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def test_the_export_streams_the_filtered_list_as_csv(client, people, units, category):
    kept = dispose_to(file_report(category, title="Jalan"), units.dpu, people.alice)
    file_report(category, title="Lain")
    client.force_login(people.alice)
    response = client.get(url("export"), {"state__exact": "dispositioned"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Nomor tiket,Dikirim,Status")
    assert len(rows) == 2 and rows[1].startswith(kept.tracking_code)
    assert "Budi Santoso" in rows[1]


def test_an_export_with_a_broken_filter_goes_back_to_the_list(client, people):
    client.force_login(people.alice)
    response = client.get(url("export"), {"lead_unit__bogus": "1"})
    assert response.status_code == 302 and response["Location"] == url("changelist")
    assert "tidak dikenali" in messages_of(response)[0]


def test_a_unit_s_export_carries_its_work_but_no_reporter(client, people, units, category,
                                                          secret_category):
    """Exports travel: personal columns are the coordinators' only, as on the dashboard; a
    confidential title stays, since the unit may read the report it was sent."""
    dispose_to(file_report(category, title="Jalan"), units.dpu, people.alice)
    dispose_to(file_report(secret_category, title="Pungli di loket"), units.dpu, people.alice)
    client.force_login(people.bob)
    rows = b"".join(client.get(url("export")).streaming_content).decode("utf-8-sig")
    assert "Nama pelapor" not in rows.splitlines()[0] and "Budi" not in rows
    assert "Pungli di loket" in rows and "Jalan" in rows
