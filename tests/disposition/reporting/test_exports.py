"""The one export module's rules, cell by cell: whatever the caller asks, an anonymous reporter
never appears, personal columns are for coordinators, and a confidential report's title only
for an exporter who may read the report."""

from complaints.models import Complaint
from disposition.reporting import exports
from tests.disposition.helpers import dispose_to
from tests.factories import file_report

ALL_KEYS = list(exports.COMPLAINT_COLUMNS)


def rows_for(user, keys=ALL_KEYS):
    rows = list(exports.complaint_rows(user, Complaint.objects.order_by("submitted_at"), keys))
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def test_a_confidential_title_is_blank_for_an_exporter_who_may_not_read_it(
        people, units, secret_category):
    mine = dispose_to(file_report(secret_category, title="Pungli di loket DPU"), units.dpu,
                      people.alice)
    dispose_to(file_report(secret_category, title="Pungli di terminal"), units.dishub,
               people.alice)
    titles = [row["judul"] for row in rows_for(people.bob, ["kode", "judul"])]
    assert titles == ["Pungli di loket DPU", ""]
    assert [row["kode"] for row in rows_for(people.bob, ["kode"])][0] == mine.tracking_code
    assert [row["judul"] for row in rows_for(people.alice, ["judul"])] == [
        "Pungli di loket DPU", "Pungli di terminal"]


def test_an_anonymous_reporter_is_in_no_row_even_when_a_coordinator_asks(people, category):
    file_report(category, reporter_name="Budi Santoso")
    file_report(category, is_anonymous=True, reporter_name="Sutrisno Wibowo",
                reporter_email="sutrisno@warga.test", reporter_phone="+6281299990000")
    named, anonymous = rows_for(people.alice, ["nama", "email", "telepon"])
    assert named["nama"] == "Budi Santoso"
    assert anonymous == {"nama": "", "email": "", "telepon": ""}


def test_personal_columns_are_offered_to_coordinators_only(people):
    assert {key for key, column in exports.offered_columns(people.bob) if column.personal} == set()
    assert exports.allowed_columns(people.bob, ["nama", "kode"], default=["kode"]) == ["kode"]
    assert exports.allowed_columns(people.bob, ["nama"], default=exports.WORKBENCH_COLUMNS) == [
        key for key in exports.WORKBENCH_COLUMNS if not exports.COMPLAINT_COLUMNS[key].personal]
    assert exports.allowed_columns(people.alice, ["nama"], default=["kode"]) == ["nama"]
