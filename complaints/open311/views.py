"""/open311/v2/: discovery, services, service definitions and requests, in JSON or XML.
Every error follows the spec's format (400 bad input, 403 bad key, 404 unknown, 429 too many
requests); no input ever produces a server error."""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts import ratelimit
from accounts.access import api_client_for_key
from complaints.models import Category, Kind
from complaints.open311 import requests
from complaints.open311.formats import CONTENT_TYPES, error, render

HOUR = 3600


def _format(fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


def _base(request):
    return request.build_absolute_uri(reverse("complaints:open311_discovery", args=["json"])
                                      ).rsplit("/", 1)[0]


@require_GET
def discovery(request, fmt):
    fmt = _format(fmt)
    return render({
        "changeset": "2026-11-24T00:00:00+07:00",
        "contact": _("Dinas Komunikasi dan Informatika %(region)s")
        % {"region": settings.LAPOR_REGION_NAME},
        "key_service": _("Kunci API diberikan koordinator (admin lapor → Klien API)."),
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                       "url": _base(request), "changeset": "2026-11-24T00:00:00+07:00",
                       "type": "production", "formats": ["application/json", "text/xml"]}],
    }, fmt, "discovery")


def _service(category):
    return {"service_code": category.code, "service_name": category.name,
            "description": category.name, "metadata": True, "type": "realtime",
            "keywords": category.code.lower(),
            "group": category.parent.name if category.parent_id else _("Umum")}


@require_GET
def services(request, fmt):
    fmt = _format(fmt)
    categories = Category.objects.filter(is_active=True).select_related("parent").order_by("name")
    return render([_service(c) for c in categories], fmt, "services")


@require_GET
def service_definition(request, code, fmt):
    fmt = _format(fmt)
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return error(fmt, 404, _("service_code tidak dikenal: %(code)s.") % {"code": code[:50]})
    return render({"service_code": category.code, "attributes": [{
        "variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False,
        "datatype_description": _("Klasifikasi laporan"), "order": 1,
        "description": _("Pengaduan, aspirasi, atau permintaan informasi"),
        "values": [{"key": value, "name": str(label)} for value, label in Kind.choices],
    }]}, fmt, "service_definition")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def service_requests(request, fmt):
    fmt = _format(fmt)
    if request.method == "POST":
        return _file(request, fmt)
    try:
        found = requests.find(request.GET)
    except requests.BadRequest as bad:
        return error(fmt, 400, str(bad))
    return render([requests.as_open311(c, _media_url(request)) for c in found], fmt,
                  "service_requests")


@require_GET
def service_request(request, code, fmt):
    fmt = _format(fmt)
    found = requests.find({"service_request_id": code})
    if not found:
        return error(fmt, 404, _("Laporan %(code)s tidak ada atau tidak publik.")
                     % {"code": code[:20]})
    return render([requests.as_open311(found[0], _media_url(request))], fmt, "service_requests")


def _media_url(request):
    return lambda pk: request.build_absolute_uri(reverse("complaints:attachment", args=[pk]))


def _file(request, fmt):
    client = api_client_for_key(request.POST.get("api_key", ""))
    if client is None:
        return error(fmt, 403, _("api_key tidak valid atau sudah dicabut."))
    hits = ratelimit.hit(f"open311:{client.pk}", window_seconds=HOUR)
    if hits > client.requests_per_hour:
        return error(fmt, 429, _("Terlalu banyak laporan dari klien ini; batasnya %(n)d per jam.")
                     % {"n": client.requests_per_hour})
    try:
        with transaction.atomic():
            complaint = requests.file(request.POST, client)
    except requests.BadRequest as bad:
        return error(fmt, 400, str(bad))
    return render([{"service_request_id": complaint.tracking_code,
                    "service_notice": _("Laporan diterima; diverifikasi dalam 3 hari kerja."),
                    "account_id": None}], fmt, "service_requests")
