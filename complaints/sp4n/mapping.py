"""The one field table between a national SP4N-LAPOR! report and a lapor report, read both
ways: docs/sp4n.md prints it for a region's developer to match against the documentation
they receive. A national report's identity is kept exactly as the national system gives it,
its anonymity and confidentiality flags honoured."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.dateparse import parse_datetime

from complaints.models import Category, Kind

# national field → (lapor field, meaning)
FIELDS = {
    "id": ("national_id", "the national tracking ID; a report is imported once by it"),
    "judul": ("title", "title, cut at 150 characters"),
    "isi": ("description", "what happened"),
    "kategori": ("category", "a category code; unknown codes go to LAPOR_SP4N_CATEGORY"),
    "klasifikasi": ("kind", "pengaduan / aspirasi / permintaan_informasi"),
    "anonim": ("is_anonymous", "true: the identity is hidden from units and the public"),
    "rahasia": ("is_confidential", "true: the content is hidden from the public"),
    "pelapor.nama": ("reporter_name", "as the national system gives it (empty if anonymous)"),
    "pelapor.email": ("reporter_email", "as given"),
    "pelapor.telepon": ("reporter_phone", "as given"),
    "lokasi.alamat": ("address", "the place"),
    "lokasi.lat": ("latitude", "WGS84"),
    "lokasi.lng": ("longitude", "WGS84"),
    "tanggal_kejadian": ("incident_date", "ISO 8601"),
}
KINDS = {"pengaduan": Kind.COMPLAINT, "aspirasi": Kind.ASPIRATION,
         "permintaan_informasi": Kind.INFORMATION_REQUEST}
# What goes back, by the lapor step that triggers it: its "jenis" for the national API.
PUSHED = {"dispose": "disposisi", "transfer": "disposisi", "undo_transfer": "disposisi",
          "progress": "perkembangan", "follow_up": "jawaban", "publish_answer": "jawaban",
          "confirm_solved": "selesai", "auto_close": "selesai"}


class Unreadable(ValueError):
    """A national report lapor cannot read; the sync records it and goes on."""


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise Unreadable(f"not a number: {value!r}") from None


def to_report(item: dict) -> dict:
    """The fields of a complaints.services.Report for one national report."""
    try:
        national_id = str(item["id"]).strip()[:64]
        description = str(item["isi"]).strip()
    except (KeyError, TypeError) as error:
        raise Unreadable(f"missing {error}") from error
    if not national_id or not description:
        raise Unreadable("empty id or isi")
    reporter = item.get("pelapor") or {}
    place = item.get("lokasi") or {}
    code = str(item.get("kategori") or "")
    category = (Category.objects.filter(code=code, is_active=True).first()
                or Category.objects.filter(code=settings.LAPOR_SP4N_CATEGORY).first()
                or Category.objects.filter(is_active=True).order_by("pk").first())
    latitude, longitude = _number(place.get("lat")), _number(place.get("lng"))
    if (latitude is None) != (longitude is None) or (
            latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)):
        latitude = longitude = None
    incident = parse_datetime(str(item.get("tanggal_kejadian") or "")) if item.get(
        "tanggal_kejadian") else None
    title = str(item.get("judul") or description.split("\n", 1)[0])
    return dict(
        national_id=national_id,
        kind=KINDS.get(str(item.get("klasifikasi") or ""), Kind.COMPLAINT),
        title=title[:147] + "…" if len(title) > 150 else title,
        description=description, category=category,
        incident_date=incident.date() if incident else None,
        address=str(place.get("alamat") or "")[:255],
        latitude=latitude, longitude=longitude,
        is_anonymous=bool(item.get("anonim")), is_confidential=bool(item.get("rahasia")),
        reporter_name=str(reporter.get("nama") or "")[:150],
        reporter_email=str(reporter.get("email") or "")[:254],
        reporter_phone=str(reporter.get("telepon") or "")[:20],
        # Answers reach this reporter through the national system.
        reporter_handle=f"SP4N-LAPOR! {national_id}"[:100],
        source_reference=national_id,
    )


def follow_up(event) -> dict:
    """The payload a lapor step sends back to the national system."""
    complaint = event.complaint
    return {"jenis": PUSHED[event.action], "isi": event.note,
            "unit": complaint.lead_unit.name if complaint.lead_unit_id else "",
            "status": complaint.get_state_display(), "waktu": event.at.isoformat(),
            "rujukan": f"lapor-event-{event.pk}"}
