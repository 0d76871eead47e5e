"""Exports of the dashboard's complaints and unit table: CSV streamed row by row, XLSX
written row by row (openpyxl's write-only mode) to a temporary file and streamed from it, so
a year of a province never sits in memory. Personal data only where the user may see it."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from accounts import access
from complaints.notifications import reporter_address


def _local(moment, fmt="%Y-%m-%d"):
    return timezone.localtime(moment).strftime(fmt) if moment else ""


# key: (heading, value, personal)
COMPLAINT_COLUMNS = {
    "kode": (_("Nomor tiket"), lambda c: c.tracking_code, False),
    "dikirim": (_("Dikirim"), lambda c: _local(c.submitted_at, "%Y-%m-%d %H:%M"), False),
    "status": (_("Status"), lambda c: c.get_state_display(), False),
    "klasifikasi": (_("Klasifikasi"), lambda c: c.get_kind_display(), False),
    "kanal": (_("Kanal"), lambda c: c.get_channel_display(), False),
    "kategori": (_("Kategori"), lambda c: c.category.name, False),
    "unit": (_("Unit penanggung jawab"), lambda c: c.lead_unit.name if c.lead_unit else "",
             False),
    "kecamatan": (_("Kecamatan"), lambda c: c.district.name if c.district else "", False),
    "judul": (_("Judul"), lambda c: "" if c.is_confidential else c.title, False),
    "disposisi": (_("Hari kerja sampai disposisi"), lambda c: c.days_to_disposition, False),
    "jawab": (_("Hari kerja sampai tindak lanjut"), lambda c: c.days_to_first_answer, False),
    "tepat": (_("Dijawab tepat waktu"),
              lambda c: "" if c.answered_in_time is None else
              (_("ya") if c.answered_in_time else _("tidak")), False),
    "ditutup": (_("Ditutup"), lambda c: _local(c.closed_at), False),
    "nilai": (_("Penilaian"), lambda c: c.rating or "", False),
    "nama": (_("Nama pelapor"), lambda c: c.reporter_name, True),
    "email": (_("E-mail pelapor"), lambda c: reporter_address(c), True),
    "telepon": (_("Telepon pelapor"), lambda c: c.reporter_phone, True),
}
EVALUATOR_COLUMNS = [key for key, (_h, _v, personal) in COMPLAINT_COLUMNS.items()
                     if not personal]

UNIT_COLUMNS = [
    ("lead_unit__name", _("Unit kerja")), ("received", _("Diterima")), ("open", _("Terbuka")),
    ("overdue", _("Terlambat")), ("avg_to_answer", _("Rata-rata hari kerja sampai jawaban")),
    ("median_to_answer", _("Median hari kerja sampai jawaban")),
    ("share_in_time", _("Persen tepat waktu")), ("share_closed", _("Persen selesai")),
    ("avg_rating", _("Rata-rata penilaian")),
]


def allowed_columns(user, wanted):
    """The chosen columns the user may have: personal ones only for coordinators."""
    coordinator = access.is_coordinator(user)
    keys = [key for key in wanted if key in COMPLAINT_COLUMNS]
    keys = [key for key in keys if coordinator or not COMPLAINT_COLUMNS[key][2]]
    return keys or EVALUATOR_COLUMNS


def complaint_rows(user, complaints, keys):
    yield [str(COMPLAINT_COLUMNS[key][0]) for key in keys]
    for complaint in complaints.select_related("category", "lead_unit", "district",
                                               "reporter").iterator(chunk_size=2000):
        # An anonymous reporter stays out of every export, a coordinator's too: exports travel.
        shows_identity = not complaint.is_anonymous and access.may_see_identity(user, complaint)
        yield [
            "" if COMPLAINT_COLUMNS[key][2] and not shows_identity
            else COMPLAINT_COLUMNS[key][1](complaint)
            for key in keys
        ]


def unit_rows(rows):
    yield [str(heading) for _key, heading in UNIT_COLUMNS]
    for row in rows:
        yield [row[key] if row[key] is not None else "" for key, _heading in UNIT_COLUMNS]


class _Echo:
    def write(self, value):
        return value


def as_csv(rows, filename):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        for row in rows:
            yield writer.writerow([str(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(rows, filename, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in rows:
        sheet.append([value if isinstance(value, int | float) else str(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
