"""A citizen's own data (UU PDP 27/2022, the right of access): everything lapor keeps about
them and their reports, as JSON and as a PDF, read through complaints.access."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from accounts.models import User
from complaints.access import complaints_of_reporter
from complaints.models import Event


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def collect(user: User) -> dict:
    """The account and every report filed with it: content, identity and contacts as given,
    location, state, public timeline, the files' names. Three queries."""
    complaints = list(complaints_of_reporter(user).select_related(
        "category", "lead_unit", "district", "channel").order_by("submitted_at"))
    events = {}
    for event in Event.objects.filter(complaint__in=complaints, is_public=True).order_by(
            "at", "pk"):
        events.setdefault(event.complaint_id, []).append(event)
    files = {}
    for complaint in complaints:
        files[complaint.pk] = []
    for attachment in complaints_of_reporter(user).values_list("pk", "attachments__original_name"):
        if attachment[1]:
            files[attachment[0]].append(attachment[1])
    return {
        "dibuat": _local(timezone.now()),
        "layanan": f"lapor {settings.LAPOR_REGION_NAME}",
        "akun": {"email": user.email, "nama": user.full_name, "telepon": user.phone,
                 "terdaftar": _local(user.date_joined)},
        "laporan": [{
            "nomor_tiket": c.tracking_code, "klasifikasi": c.get_kind_display(),
            "kategori": c.category.name, "judul": c.title, "isi": c.description,
            "kanal": c.channel.name, "status": c.get_state_display(),
            "dikirim": _local(c.submitted_at), "tanggal_kejadian": str(c.incident_date or ""),
            "kecamatan": c.district.name if c.district else "", "desa": c.village,
            "alamat": c.address,
            "lokasi": None if c.latitude is None else [float(c.latitude), float(c.longitude)],
            "pelapor": {"nama": c.reporter_name, "email": c.reporter_email,
                        "telepon": c.reporter_phone, "anonim": c.is_anonymous,
                        "rahasia": c.is_confidential, "nama_ditampilkan": c.shows_name,
                        "persetujuan": _local(c.consent_at)},
            "unit": c.lead_unit.name if c.lead_unit else "",
            "penilaian": c.rating,
            "lampiran": files[c.pk],
            "riwayat": [{"waktu": _local(e.at), "langkah": e.get_action_display(),
                         "catatan": e.note} for e in events.get(c.pk, [])],
        } for c in complaints],
    }


def _latin(text) -> str:
    # The PDF's core font is Latin-1; what it cannot show becomes "?" rather than failing.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def as_pdf(data: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin(_("Data pribadi Anda di %(service)s") % {
        "service": data["layanan"]}), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    account = data["akun"]
    for label, value in ((_("E-mail"), account["email"]), (_("Nama"), account["nama"]),
                         (_("Telepon"), account["telepon"] or "-"),
                         (_("Dibuat"), data["dibuat"])):
        pdf.multi_cell(0, 6, _latin(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    for report in data["laporan"]:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 7, _latin(f"{report['nomor_tiket']} - {report['judul']}"),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        for key in ("status", "kategori", "dikirim", "kanal", "alamat", "unit"):
            pdf.multi_cell(0, 5, _latin(f"{key}: {report[key] or '-'}"), new_x="LMARGIN",
                           new_y="NEXT")
        pdf.multi_cell(0, 5, _latin(report["isi"]), new_x="LMARGIN", new_y="NEXT")
        for entry in report["riwayat"]:
            pdf.multi_cell(0, 5, _latin(f"- {entry['waktu'][:16]} {entry['langkah']}. "
                                        f"{entry['catatan']}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
