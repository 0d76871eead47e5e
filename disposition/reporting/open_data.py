"""Open data: the public reports as CSV and GeoJSON, for journalists and universities — the
same reports /laporan/ shows anyone (complaints.access.public_complaints), public fields only,
no reporter. Both stream, so a year of a province never sits in memory."""

import json

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints.access import public_complaints
from complaints.workflow import State
from disposition.reporting import exports

CACHE_SECONDS = 600


def _public():
    return public_complaints().order_by("submitted_at", "pk")


def _cached(response):
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def reports_csv(request):
    rows = exports.complaint_rows(request.user, _public(), exports.OPEN_DATA_COLUMNS)
    return _cached(exports.as_csv(rows, "laporan-publik"))


def _feature(complaint):
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(complaint.longitude),
                                                          float(complaint.latitude)]},
            "properties": {
                "kode": complaint.tracking_code,
                "dikirim": timezone.localtime(complaint.submitted_at).isoformat(),
                "status": complaint.state, "status_label": str(State(complaint.state).label),
                "kategori": complaint.category.name,
                "unit": complaint.lead_unit.name if complaint.lead_unit else None,
                "judul": complaint.title}}


@require_GET
def reports_geojson(request):
    """The public reports that carry a map point, as one FeatureCollection."""
    located = (_public().filter(latitude__isnull=False, longitude__isnull=False)
               .select_related("category", "lead_unit"))

    def chunks():
        yield '{"type": "FeatureCollection", "features": ['
        for index, complaint in enumerate(located.iterator(chunk_size=2000)):
            yield ("," if index else "") + json.dumps(_feature(complaint), ensure_ascii=False)
        yield "]}"

    return _cached(StreamingHttpResponse(chunks(), content_type="application/geo+json"))
