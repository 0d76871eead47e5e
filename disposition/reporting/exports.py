"""Every export of complaints and of the unit table: one column table, one identity rule, one
CSV writer and one XLSX writer. The workbench's list export and the dashboard's exports both
come through here.

- An anonymous reporter's identity is in no export, for anyone: exports travel.
- Personal columns (name, e-mail, phone) are offered to coordinators only.
- A confidential report's title is blank unless the exporter may read the report.

CSV is streamed row by row; XLSX is written row by row (openpyxl's write-only mode) to a
temporary file and streamed from it, so a year of a province never sits in memory."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from accounts import audit
from accounts.access import Person, is_coordinator
from complaints.access import may_see_identity
from complaints.models import Tag
from complaints.notifications import reporter_address
from disposition.access import readable_by


def _local(moment, fmt="%Y-%m-%d"):
    return timezone.localtime(moment).strftime(fmt) if moment else ""


def _yes_no(value):
    return "" if value is None else (_("ya") if value else _("tidak"))


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable
    personal: bool = False  # the reporter's identity: coordinators only, never an anonymous one
    confidential: bool = False  # blank unless the exporter may read the report


COMPLAINT_COLUMNS: dict[str, Column] = {
    "kode": Column(_("Nomor tiket"), lambda c: c.tracking_code),
    "dikirim": Column(_("Dikirim"), lambda c: _local(c.submitted_at, "%Y-%m-%d %H:%M")),
    "status": Column(_("Status"), lambda c: c.get_state_display()),
    "klasifikasi": Column(_("Klasifikasi"), lambda c: c.get_kind_display()),
    "kanal": Column(_("Kanal"), lambda c: c.channel.name),
    "kategori": Column(_("Kategori"), lambda c: c.category.name),
    "unit": Column(_("Unit penanggung jawab"), lambda c: c.lead_unit.name if c.lead_unit else ""),
    "pelaksana": Column(_("Sub-unit pelaksana"),
                        lambda c: c.working_unit.name if c.working_unit else ""),
    "kecamatan": Column(_("Kecamatan"), lambda c: c.district.name if c.district else ""),
    "judul": Column(_("Judul"), lambda c: c.title, confidential=True),
    "batas": Column(_("Batas waktu"), lambda c: _local(c.due_at)),
    "anonim": Column(_("Anonim"), lambda c: _yes_no(c.is_anonymous)),
    "rahasia": Column(_("Rahasia"), lambda c: _yes_no(c.is_confidential)),
    "disposisi": Column(_("Hari kerja sampai disposisi"), lambda c: c.days_to_disposition),
    "jawab": Column(_("Hari kerja sampai tindak lanjut"), lambda c: c.days_to_first_answer),
    "tepat": Column(_("Dijawab tepat waktu"), lambda c: _yes_no(c.answered_in_time)),
    "target": Column(_("Target penyelesaian"), lambda c: _local(c.completion_due_at)),
    "selesai": Column(_("Penyelesaian dilaporkan"), lambda c: _local(c.completed_at)),
    "dalam_target": Column(_("Selesai dalam target"), lambda c: _yes_no(c.completed_in_time)),
    "label": Column(_("Label"), lambda c: ", ".join(c.tag_names or [])),
    "ditutup": Column(_("Ditutup"), lambda c: _local(c.closed_at)),
    "nilai": Column(_("Penilaian"), lambda c: c.rating or ""),
    "lintang": Column(_("Lintang"), lambda c: "" if c.latitude is None else float(c.latitude)),
    "bujur": Column(_("Bujur"), lambda c: "" if c.longitude is None else float(c.longitude)),
    "nama": Column(_("Nama pelapor"), lambda c: c.reporter_name, personal=True),
    "email": Column(_("E-mail pelapor"), reporter_address, personal=True),
    "telepon": Column(_("Telepon pelapor"), lambda c: c.reporter_phone, personal=True),
}
# What an evaluator reads from the dashboard: durations and outcomes, no people.
DASHBOARD_COLUMNS = ["kode", "dikirim", "status", "klasifikasi", "kanal", "kategori", "unit",
                     "pelaksana", "kecamatan", "judul", "disposisi", "jawab", "tepat", "target",
                     "selesai", "dalam_target", "ditutup", "nilai", "label"]
# The workbench list as filtered on screen: the work, its deadline and (coordinators) who.
WORKBENCH_COLUMNS = ["kode", "dikirim", "status", "klasifikasi", "kanal", "kategori", "unit",
                     "pelaksana", "kecamatan", "judul", "batas", "target", "label", "anonim",
                     "rahasia", "nama", "email", "telepon"]

# Open data (/data/laporan.csv): what /laporan/ shows anyone, without people.
OPEN_DATA_COLUMNS = ["kode", "dikirim", "status", "klasifikasi", "kanal", "kategori", "unit",
                     "kecamatan", "judul", "lintang", "bujur"]

UNIT_COLUMNS = [
    ("lead_unit__name", _("Unit kerja")), ("received", _("Diterima")), ("open", _("Terbuka")),
    ("overdue", _("Terlambat")), ("avg_to_answer", _("Rata-rata hari kerja sampai jawaban")),
    ("median_to_answer", _("Median hari kerja sampai jawaban")),
    ("share_in_time", _("Persen tepat waktu")),
    ("share_completed_in_time", _("Persen selesai dalam target")),
    ("share_closed", _("Persen selesai")),
    ("avg_rating", _("Rata-rata penilaian")),
]


def offered_columns(user: Person) -> list[tuple[str, Column]]:
    """The columns `user` may choose from, in table order."""
    coordinator = is_coordinator(user)
    return [(key, column) for key, column in COMPLAINT_COLUMNS.items()
            if coordinator or not column.personal]


def allowed_columns(user: Person, wanted: Iterable[str] = (), *, default: list[str]) -> list[str]:
    """The chosen columns `user` may have, in the order asked; `default` (less what the user
    may not have) when none is left."""
    offered = dict(offered_columns(user))
    keys = [key for key in wanted if key in offered]
    return keys or [key for key in default if key in offered]


def complaint_rows(user: Person, complaints: QuerySet, keys: list[str], *,
                   request: HttpRequest | None = None) -> Iterator[list]:
    """The heading row, then one row per complaint, with the identity and confidentiality
    rules applied to each cell. An export with personal columns is recorded in the access
    log (who, which columns, which filter) before a row is written."""
    personal = [key for key in keys if COMPLAINT_COLUMNS[key].personal]
    if personal:
        audit.record(audit.Kind.PERSONAL_EXPORT, actor=user, subject=", ".join(personal),
                     detail=request.GET.urlencode() if request is not None else "",
                     request=request)
    return _rows(user, complaints, keys)


def _rows(user, complaints, keys):
    columns = [COMPLAINT_COLUMNS[key] for key in keys]
    yield [str(column.heading) for column in columns]
    rows = (complaints.select_related("category", "lead_unit", "working_unit", "district",
                                      "reporter", "channel")
            .annotate(exporter_may_read=readable_by(user)))
    if "label" in keys:
        rows = rows.annotate(tag_names=ArraySubquery(
            Tag.objects.filter(complaints=OuterRef("pk")).order_by("name").values("name")))
    for complaint in rows.iterator(chunk_size=2000):
        shows_identity = not complaint.is_anonymous and may_see_identity(user, complaint)
        shows_content = not complaint.is_confidential or complaint.exporter_may_read
        yield [
            "" if (column.personal and not shows_identity)
            or (column.confidential and not shows_content)
            else column.value(complaint)
            for column in columns
        ]


def unit_rows(rows: Iterable[dict]) -> Iterator[list]:
    yield [str(heading) for _key, heading in UNIT_COLUMNS]
    for row in rows:
        yield [row[key] if row[key] is not None else "" for key, _heading in UNIT_COLUMNS]


# OWASP's CSV-injection guidance: a cell a spreadsheet would read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(value) -> str:
    """A text cell as text: a leading quote keeps a spreadsheet from running it."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def as_csv(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """The only CSV writer in lapor."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        for row in rows:
            yield writer.writerow([value if isinstance(value, int | float) else
                                   _neutralised(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _text_cell(sheet, value):
    """Stored as a string whatever it starts with (openpyxl makes "=…" a formula)."""
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell


def as_xlsx(rows: Iterable[list], filename: str, title: str) -> FileResponse:
    """The only XLSX writer in lapor: numbers as numbers, everything else as text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in rows:
        sheet.append([value if isinstance(value, int | float) else _text_cell(sheet, value)
                      for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
