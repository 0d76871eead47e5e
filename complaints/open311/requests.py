"""Reading and filing service requests the Open311 way. A read starts from
complaints.access.public_complaints (verified, not confidential, not archived), and writes
no reporter field ever; a filed request goes through complaints.services.submit_complaint
like the web form, on channel API, naming the client that filed it."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from accounts.models import ApiClient
from complaints import codes, services
from complaints.access import public_complaints
from complaints.models import Attachment, Category, Channel, Complaint, Event, Kind
from complaints.workflow import Action, State
from lapor.phones import normalize_phone

CLOSED_STATES = [State.CLOSED, State.FORWARDED]
DEFAULT_DAYS = 90
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200


class BadRequest(Exception):
    """Becomes a 400 in the spec's error format, with this description."""


def status_of(complaint: Complaint) -> str:
    return "closed" if complaint.state in CLOSED_STATES else "open"


def _when(text: str, name: str):
    moment = parse_datetime(text) if "T" in text else None
    if moment is None and (day := parse_date(text)) is not None:
        moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    if moment is None:
        raise BadRequest(_("%(name)s harus berformat ISO 8601, misalnya 2026-11-01T00:00:00+07:00.")
                         % {"name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _number(text: str, name: str, *, minimum: int, maximum: int, default: int) -> int:
    if not text:
        return default
    if not text.isdigit() or not minimum <= int(text) <= maximum:
        raise BadRequest(_("%(name)s harus bilangan %(low)d sampai %(high)d.")
                         % {"name": name, "low": minimum, "high": maximum})
    return int(text)


def find(params) -> list[Complaint]:
    """The public requests the GET parameters ask for, newest first, with one query."""
    photo = Attachment.objects.filter(complaint=OuterRef("pk"), kind=Attachment.Kind.IMAGE,
                                      event__is_public=True).order_by("pk").values("pk")[:1]
    answer = Event.objects.filter(
        complaint=OuterRef("pk"), action__in=[Action.FOLLOW_UP, Action.PUBLISH_ANSWER],
        is_public=True).order_by("-at").values("note")[:1]
    requests = (public_complaints().select_related("category", "lead_unit")
                .annotate(photo_id=Subquery(photo), answer=Subquery(answer)))
    wanted = [code for part in params.get("service_request_id", "").split(",")
              if (code := codes.normalize_tracking_code(part))]
    if params.get("service_request_id"):
        # The spec: with ids given, the other filters do not apply.
        return list(requests.filter(tracking_code__in=wanted[:MAX_PAGE_SIZE])
                    .order_by("-submitted_at"))
    if service_codes := [c for c in params.get("service_code", "").split(",") if c]:
        requests = requests.filter(category__code__in=service_codes)
    start = _when(params["start_date"], "start_date") if params.get("start_date") else None
    end = _when(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        requests = requests.filter(submitted_at__gte=start)
    if end is not None:
        requests = requests.filter(submitted_at__lte=end)
    statuses = {s for s in params.get("status", "").split(",") if s}
    if statuses - {"open", "closed"}:
        raise BadRequest(_("status hanya open atau closed."))
    if statuses == {"open"}:
        requests = requests.exclude(state__in=CLOSED_STATES)
    elif statuses == {"closed"}:
        requests = requests.filter(state__in=CLOSED_STATES)
    page = _number(params.get("page", ""), "page", minimum=1, maximum=10_000, default=1)
    size = _number(params.get("page_size", ""), "page_size", minimum=1,
                   maximum=MAX_PAGE_SIZE, default=PAGE_SIZE)
    return list(requests.order_by("-submitted_at", "-pk")[(page - 1) * size:page * size])


def as_open311(complaint: Complaint, media_url) -> dict:
    """One request in the spec's fields: public facts only, no reporter."""
    due = complaint.due_at if status_of(complaint) == "open" else None
    return {
        "service_request_id": complaint.tracking_code,
        "status": status_of(complaint),
        # Our state, and the published answer when there is one (a lapor on the other side
        # shows it to its reporter).
        "status_notes": f"{State(complaint.state).label}: {complaint.answer}"
        if complaint.answer else str(State(complaint.state).label),
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": complaint.description,
        "agency_responsible": complaint.lead_unit.name if complaint.lead_unit else "",
        "service_notice": "",
        "requested_datetime": timezone.localtime(complaint.submitted_at).isoformat(),
        "updated_datetime": timezone.localtime(complaint.state_changed_at).isoformat(),
        "expected_datetime": timezone.localtime(due).isoformat() if due else None,
        "address": complaint.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(complaint.latitude) if complaint.latitude is not None else None,
        "long": float(complaint.longitude) if complaint.longitude is not None else None,
        "media_url": media_url(complaint.photo_id) if complaint.photo_id else "",
    }


def _coordinate(text, name, limit):
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadRequest(_("%(name)s harus angka.") % {"name": name}) from None
    if not value.is_finite() or not -limit <= value <= limit:
        raise BadRequest(_("%(name)s di luar rentang ±%(limit)d.") % {"name": name,
                                                                      "limit": limit})
    return value.quantize(Decimal("0.000001"))


def file(data, client: ApiClient) -> Complaint:
    """POST requests: a report from an Open311 client, on channel API."""
    code = (data.get("service_code") or "").strip()
    category = Category.objects.filter(code=code, is_active=True).first() if code else None
    if category is None:
        raise BadRequest(_("service_code tidak dikenal: %(code)s.") % {"code": code[:50]})
    lat, lng = data.get("lat", "").strip(), data.get("long", "").strip()
    address = (data.get("address_string") or data.get("address_id") or "").strip()[:255]
    if bool(lat) != bool(lng):
        raise BadRequest(_("lat dan long diisi berdua."))
    if not (lat or address):
        raise BadRequest(_("Lokasi wajib: lat dan long, atau address_string."))
    latitude = _coordinate(lat, "lat", 90) if lat else None
    longitude = _coordinate(lng, "long", 180) if lng else None
    description = (data.get("description") or "").strip()
    if len(description) < 10:
        raise BadRequest(_("description wajib, paling sedikit 10 karakter."))
    if len(description) > 5000:
        raise BadRequest(_("description paling panjang 5000 karakter."))
    email = (data.get("email") or "").strip()[:254]
    phone = (data.get("phone") or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            raise BadRequest(_("phone tidak dikenali.")) from None
    if not (email or phone):
        raise BadRequest(_("email atau phone wajib: pelapor harus dapat dijawab."))
    if email and ("@" not in email or " " in email):
        raise BadRequest(_("email tidak valid."))
    reference = (data.get("attribute[lapor_reference]") or "").strip()[:100]
    first_line = description.split("\n", 1)[0]
    name = " ".join(part.strip() for part in (data.get("first_name", ""),
                                               data.get("last_name", "")) if part.strip())
    report = services.Report(
        kind=Kind.COMPLAINT, title=first_line[:147] + "…" if len(first_line) > 150 else first_line,
        description=description, category=category, address=address,
        latitude=latitude, longitude=longitude, reporter_name=name[:150],
        reporter_email=email, reporter_phone=phone, api_client=client,
        source_reference=reference,
    )
    if reference and (known := _filed_before(client, reference)):
        return known  # a retry: the same reference from the same client is filed once
    try:
        with transaction.atomic():
            return services.submit_complaint(report=report, channel=Channel.API)
    except IntegrityError:  # the same retry, at the same moment
        if known := _filed_before(client, reference):
            return known
        raise


def _filed_before(client, reference):
    return Complaint.objects.filter(api_client=client, source_reference=reference).first()
