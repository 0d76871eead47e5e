"""A year of the demo region's past, for `make run` (`load_demo --history`): a few thousand
reports spread like the region's (categories by weight, kecamatan, channels), months ago
finished, the last weeks still at work, one slow unit and one fast — so every chart, the unit
table, the monthly report and /statistik/ tell a story on the first run. Made once: a second
run finds them and does nothing. They are statistics (no timeline, no messages), marked
`generate_complaints` like the benchmarks' rows."""

from disposition.demo.generate import generate
from disposition.models import ResponseTemplate
from disposition.reporting import rollup

HISTORY_SIZE = 3000
# Bina Marga's roads take twice the working days to answer; Dinas Perhubungan half.
PACE = {"DPU": 2.0, "DISHUB": 0.5}
CANNED_ANSWERS = [
    ("jalan", "Jalan: dijadwalkan perbaikan",
     "Terima kasih atas laporannya. Kerusakan sudah kami periksa di lokasi dan masuk jadwal "
     "perbaikan pekan ini. Kami kabari lagi setelah selesai dikerjakan."),
    ("jalan", "Jalan: sudah ditambal",
     "Lubang di lokasi yang dilaporkan sudah kami tambal. Bila masih ada kerusakan di sekitar "
     "lokasi, mohon balas laporan ini."),
    ("pju", "Lampu jalan: sudah diganti",
     "Lampu penerangan jalan di lokasi sudah kami ganti dan menyala kembali. Terima kasih."),
    ("sampah", "Sampah: sudah diangkut",
     "Tumpukan sampah sudah diangkut petugas. Jadwal pengangkutan rutin di lokasi ini: Senin "
     "dan Kamis pagi."),
    ("drainase", "Saluran: sudah dibersihkan",
     "Saluran di lokasi sudah dibersihkan dari lumpur dan sampah. Mohon bantu warga agar tidak "
     "membuang sampah ke saluran."),
]


# What the staff did happened on working days: a step the generator dated on a weekend or a
# holiday (seeded by seed_calendar) moves to the next working day.
STAFF_STEPS = ["disposed_at", "verified_at", "first_answered_at", "completed_at", "closed_at"]
OFF_DAY = """{column} IS NOT NULL AND (
    EXTRACT(ISODOW FROM {column} AT TIME ZONE %(zone)s) IN (6, 7)
    OR ({column} AT TIME ZONE %(zone)s)::date IN (SELECT date FROM complaints_holiday))"""


def _staff_steps_on_working_days():
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        for column in STAFF_STEPS:
            for _ in range(14):  # Lebaran's cuti bersama and a weekend: at most two weeks
                cursor.execute(
                    f"UPDATE complaints_complaint SET {column} = {column} + interval '1 day' "  # noqa: S608
                    f"WHERE source_reference = 'generate_complaints' "
                    f"AND {column} + interval '1 day' <= now() AND "
                    + OFF_DAY.format(column=column), {"zone": settings.TIME_ZONE})
                if not cursor.rowcount:
                    break


def load_history() -> int:
    """Generate the past once; returns how many reports were made (0 on a second run)."""
    from complaints.models import Category, Complaint

    made = 0
    if not Complaint.objects.filter(source_reference="generate_complaints").exists():
        made = generate(HISTORY_SIZE, history=True, pace=PACE)
        _staff_steps_on_working_days()
        rollup.refresh_all()
    categories = {category.code: category for category in Category.objects.all()}
    for code, title, text in CANNED_ANSWERS:
        category = categories.get(code)
        if category is not None:
            ResponseTemplate.objects.get_or_create(
                title=title, defaults={"category": category, "text": text,
                                       "unit": category.default_unit})
    return made
