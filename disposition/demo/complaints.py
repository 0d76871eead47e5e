"""Demo complaints in every state, spread over units and channels, taken through the real
services so that each demo account finds real work in the workbench. Only load_demo calls it."""

import re
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pgtrigger
from django.utils import timezone

from accounts.models import DistrictBoundary, Unit, User
from complaints import deadlines
from complaints import services as citizen
from complaints.models import ArchiveReason, Category, Channel, Complaint, Tag
from complaints.services import Report
from disposition import services

DEMO_REFERENCE = "DEMO-"


@dataclass
class DemoComplaint:
    key: str
    category: str
    title: str
    description: str
    channel: str = Channel.WEB
    steps: list = field(default_factory=list)
    days_ago: int = 0
    kind: str = "complaint"
    anonymous: bool = False
    district: str = "KEC-UNGARAN-BARAT"
    spot: int = 0  # which part of the kecamatan its pin is in (the same spot: ~100 m apart)


D = DemoComplaint
DEMO_COMPLAINTS = [
    D("baru-1", "jalan", "Jalan berlubang di Jl. Diponegoro",
      "Lubang selebar satu meter di depan SD Negeri 2, sudah dua kali ada pengendara jatuh.",
      days_ago=0),
    D("baru-2", "pju", "Lampu jalan mati sepanjang Jl. Gatot Subroto",
      "Sudah seminggu lampu jalan mati, rawan kecelakaan dan pencurian di malam hari.",
      channel=Channel.WHATSAPP, days_ago=2, district="KEC-BAWEN"),
    D("baru-3", "sampah", "Tumpukan sampah di pasar Bandungan belum diangkut",
      "Sampah menumpuk sejak Sabtu dan mulai berbau.", channel=Channel.INSTAGRAM, days_ago=6,
      district="KEC-BANDUNGAN"),
    D("jalan-diponegoro", "jalan", "Lubang besar di Jl. Diponegoro depan SD Negeri 2",
      "Lubang di jalan depan sekolah makin lebar, anak-anak harus turun ke badan jalan.",
      steps=["dispose"], days_ago=10),
    D("duplikat", "jalan", "Jalan Diponegoro depan SD 2 berlubang besar",
      "Lubangnya makin dalam, motor saya hampir jatuh.", channel=Channel.WHATSAPP,
      steps=["merge_into_diponegoro"], days_ago=1),
    D("kelengkapan", "adminduk", "KTP elektronik belum jadi",
      "Sudah tiga bulan KTP-el belum jadi.", steps=["request_info"], days_ago=3,
      kind="information_request"),
    D("disposisi-dpu", "drainase", "Saluran air tersumbat di Perumahan Gedanganak",
      "Setiap hujan air meluap ke jalan karena saluran tersumbat lumpur.",
      channel=Channel.SMS, steps=["dispose"], days_ago=1, district="KEC-UNGARAN-TIMUR"),
    D("disposisi-dishub", "lalin", "Rambu dilarang parkir tertutup pohon",
      "Rambu di simpang Karangjati tidak terlihat karena tertutup dahan pohon.",
      steps=["dispose"], days_ago=2, district="KEC-BERGAS"),
    D("dikembalikan", "jalan", "Jalan desa rusak di Dusun Krajan",
      "Jalan desa sepanjang 500 meter rusak berat.", channel=Channel.PHONE,
      steps=["dispose", "return"], days_ago=4, district="KEC-SURUH"),
    D("diproses", "jalan", "Jembatan penyeberangan retak",
      "Ada retakan besar di tiang jembatan dekat terminal Bawen.", anonymous=True,
      steps=["dispose", "accept", "draft", "submit"], days_ago=5, district="KEC-BAWEN"),
    D("dijawab", "pju", "Lampu lalu lintas simpang Lemah Abang mati",
      "Lampu merah tidak menyala sejak kemarin sore.", channel=Channel.WALK_IN,
      steps=["dispose_dishub", "accept_dishub", "draft_dishub", "publish_dishub"], days_ago=7,
      district="KEC-BERGAS"),
    D("selesai", "jalan", "Pohon tumbang menutup jalan Sumowono",
      "Pohon besar tumbang setelah hujan deras dan menutup separuh jalan.",
      channel=Channel.FACEBOOK,
      steps=["dispose", "accept", "draft", "submit", "approve", "solved", "rate"], days_ago=12,
      district="KEC-SUMOWONO"),
    D("tanya-pelapor", "jalan", "Jalan amblas dekat jembatan",
      "Jalan amblas sekitar 2 meter di dekat jembatan, sudah dipasang batu oleh warga.",
      steps=["dispose", "accept", "ask"], days_ago=6, district="KEC-UNGARAN-BARAT"),
    D("dalam-pengerjaan", "jalan", "Jalan Ungaran–Bandungan berlubang panjang",
      "Lubang memanjang sekitar 50 meter di ruas Ungaran–Bandungan, sering terjadi kecelakaan.",
      channel=Channel.WHATSAPP,
      steps=["dispose", "delegate", "sub_progress", "first_answer", "submit", "approve",
             "progress", "tag_priority"],
      days_ago=9, district="KEC-BANDUNGAN"),
    D("sub-unit", "drainase", "Gorong-gorong tersumbat di Kelurahan Bandarjo",
      "Gorong-gorong di depan balai kelurahan tersumbat sampah, air meluap saat hujan.",
      steps=["dispose", "delegate_sda", "tag_flood"], days_ago=3,
      district="KEC-UNGARAN-TIMUR"),
    D("dialihkan", "jalan", "Marka jalan pudar di simpang Bawen",
      "Marka zebra cross di depan pasar Bawen sudah tidak terlihat.",
      steps=["dispose", "transfer"], days_ago=2, district="KEC-BAWEN"),
    D("spam", "lainnya", "menang undian hubungi nomor ini",
      "Selamat Anda menang undian, hubungi nomor berikut.", channel=Channel.SMS,
      steps=["archive_spam"], days_ago=3),
    D("diteruskan", "listrik", "Listrik padam bergilir tiap malam",
      "Di Desa Lerep listrik padam hampir setiap malam selama dua jam.",
      channel=Channel.X, steps=["forward"], days_ago=4),
]

INTAKE_CONTACTS = {
    Channel.WHATSAPP: {"reporter_phone": "+6281325550101"},
    Channel.SMS: {"reporter_phone": "+6281325550102"},
    Channel.PHONE: {"reporter_phone": "+6281325550103"},
    Channel.WALK_IN: {"reporter_phone": "+6281325550104"},
    Channel.INSTAGRAM: {"reporter_handle": "@warga_bandungan"},
    Channel.FACEBOOK: {"reporter_handle": "Warga Sumowono"},
    Channel.X: {"reporter_handle": "@lerep_gelap"},
}


def _people():
    get = User.objects.get
    return {
        "coordinator": get(email="koordinator@lapor.test"),
        "dpu": get(email="operator.dpu@lapor.test"),
        "dpu_head": get(email="kepala.dpu@lapor.test"),
        "dishub": get(email="operator.dishub@lapor.test"),
        "binamarga": get(email="operator.binamarga@lapor.test"),
        "citizen": get(email="warga@lapor.test"),
    }


def _pin(item, district):
    """A point inside the kecamatan's loaded boundary, the same for every run; none without
    a kecamatan or its boundary."""
    rings = list(DistrictBoundary.objects.filter(district=district).order_by("pk")
                 .values_list("ring", flat=True)) if district else []
    if not rings:
        return None, None
    points = [tuple(map(float, pair)) for pair in
              re.findall(r"\(([-\d.]+),([-\d.]+)\)", rings[item.spot % len(rings)])]
    long = sum(x for x, _y in points[:-1]) / (len(points) - 1)
    lat = sum(y for _x, y in points[:-1]) / (len(points) - 1)
    jitter = (zlib.crc32(item.key.encode()) % 200 - 100) / 100_000  # up to ~110 m
    return Decimal(f"{lat + jitter:.6f}"), Decimal(f"{long - jitter:.6f}")


def _file(item, people, category, district):
    latitude, longitude = _pin(item, district)
    report = Report(
        kind=item.kind, title=item.title, description=item.description, category=category,
        district=district, is_anonymous=item.anonymous, latitude=latitude, longitude=longitude,
        reporter_name="Siti Aminah" if item.channel == Channel.WEB else "Warga",
        reporter_email="warga@lapor.test" if item.channel == Channel.WEB else "",
        source_reference=f"{DEMO_REFERENCE}{item.key}",
        **INTAKE_CONTACTS.get(item.channel, {}),
    )
    if item.channel == Channel.WEB:
        return citizen.submit_complaint(report=report, user=people["citizen"])
    return services.record_intake(report=report, channel=item.channel,
                                  user=people["coordinator"])


def _steps(people, units):
    coordinator, dpu, head, dishub = (people["coordinator"], people["dpu"], people["dpu_head"],
                                      people["dishub"])
    return {
        "request_info": lambda c: services.request_info(
            complaint=c, user=coordinator,
            question="Mohon lampirkan nomor NIK dan tanggal perekaman KTP-el."),
        "dispose": lambda c: services.dispose(
            complaint=c, user=coordinator, lead_unit=c.category.default_unit,
            instruction="Mohon ditinjau ke lokasi."),
        "dispose_dishub": lambda c: services.dispose(
            complaint=c, user=coordinator, lead_unit=units["DISHUB"],
            supporting_units=[units["SATPOLPP"]]),
        "return": lambda c: services.return_to_coordinator(
            complaint=c, user=dpu, reason="Jalan desa kewenangan pemerintah desa (Dispermades)."),
        "accept": lambda c: services.accept(complaint=c, user=dpu),
        "accept_dishub": lambda c: services.accept(complaint=c, user=dishub),
        "draft": lambda c: services.save_draft(
            complaint=c, user=dpu,
            text="Tim DPU sudah meninjau lokasi; perbaikan dijadwalkan minggu ini."),
        "draft_dishub": lambda c: services.save_draft(
            complaint=c, user=dishub, text="Lampu sudah diperbaiki petugas Dishub hari ini."),
        "ask": lambda c: services.ask_reporter(
            complaint=c, user=dpu,
            question="Mohon kirim foto dan patokan lokasi tepatnya (nama jembatan)."),
        "delegate": lambda c: services.delegate(
            complaint=c, user=head, sub_unit=units["DPU-BINAMARGA"],
            instruction="Tangani dan laporkan perkembangannya."),
        "delegate_sda": lambda c: services.delegate(
            complaint=c, user=head, sub_unit=units["DPU-SDA"]),
        "sub_progress": lambda c: services.publish_progress(
            complaint=c, user=people["binamarga"],
            text="Tim Bina Marga sudah mengukur lokasi; material dipesan."),
        "first_answer": lambda c: services.save_draft(
            complaint=c, user=people["binamarga"], completes=False,
            text="Perbaikan dijadwalkan dalam anggaran pemeliharaan bulan ini; kami kabari "
                 "perkembangannya."),
        "progress": lambda c: services.publish_progress(
            complaint=c, user=dpu, text="Penambalan 30 dari 50 meter sudah selesai."),
        "transfer": lambda c: services.transfer(
            complaint=c, user=dpu, unit=units["DISHUB"],
            reason="Marka jalan kewenangan Dinas Perhubungan."),
        "tag_priority": lambda c: services.set_tags(
            complaint=c, user=coordinator, tags=list(Tag.objects.filter(
                name="jalan rusak prioritas"))),
        "tag_flood": lambda c: services.set_tags(
            complaint=c, user=coordinator, tags=list(Tag.objects.filter(name="banjir 2026"))),
        "submit": lambda c: services.submit_for_approval(complaint=c, user=dpu),
        "approve": lambda c: services.approve(complaint=c, user=head),
        "publish_dishub": lambda c: services.publish(complaint=c, user=dishub),
        "solved": lambda c: citizen.confirm_solved(complaint=c),
        "rate": lambda c: citizen.rate(complaint=c, score=5, comment="Cepat, terima kasih."),
        "archive_spam": lambda c: services.archive(complaint=c, user=coordinator,
                                                   reason=ArchiveReason.SPAM),
        "forward": lambda c: services.forward(
            complaint=c, user=coordinator, unit=units["EXT-PLN"],
            note="Gangguan listrik ditangani PLN; hubungi juga PLN 123."),
        "merge_into_diponegoro": lambda c: services.merge(
            complaint=c, user=coordinator, primary=Complaint.objects.get(
                source_reference=f"{DEMO_REFERENCE}jalan-diponegoro")),
    }


def load_complaints():
    """Create the demo complaints that are missing; returns how many were created."""
    existing = set(Complaint.objects.filter(source_reference__startswith=DEMO_REFERENCE)
                   .values_list("source_reference", flat=True))
    missing = [item for item in DEMO_COMPLAINTS
               if f"{DEMO_REFERENCE}{item.key}" not in existing]
    if not missing:
        return 0
    people = _people()
    units = {unit.code: unit for unit in Unit.objects.all()}
    categories = {category.code: category for category in Category.objects.all()}
    steps = _steps(people, units)
    now = timezone.now()
    for item in missing:
        complaint = _file(item, people, categories.get(item.category, categories["lainnya"]),
                          units.get(item.district))
        # An older report, so that queues show ages and some deadlines have passed.
        submitted = now - timedelta(days=item.days_ago)
        Complaint.objects.filter(pk=complaint.pk).update(
            submitted_at=submitted,
            **deadlines.start_stage(deadlines.Stage.VERIFICATION, category=complaint.category,
                                    at=submitted))
        # Demo data only: its first event is dated back with it (the timeline is otherwise
        # append-only in the database).
        with pgtrigger.ignore("complaints.Event:event_no_rewrite"):
            complaint.events.update(at=submitted)
        for step in item.steps:
            complaint = Complaint.objects.get(pk=complaint.pk)
            steps[step](complaint)
    return len(missing)
