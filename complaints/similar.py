"""Reports about the same problem: suggested to a citizen before filing (public ones only)
and to a coordinator at triage (any report of the region), scored and with their distance.

A report is similar when it is open, was filed within WINDOW_DAYS (WINDOW_DAYS_WITHOUT_PIN
for a kecamatan), is near — within RADIUS_METRES of the pin, or in the same kecamatan when
there is no pin — and is of the same
category or has a title like this one (PostgreSQL's pg_trgm, on the complaint_title_trgm
index). The nearness is a box of latitude × longitude read through complaint_open_place, then
the true distance: at a kabupaten's scale a flat-earth distance is metres off, not more.
"""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Sqrt, Upper
from django.utils import timezone

from complaints.models import Complaint
from complaints.workflow import OPEN_STATES

RADIUS_METRES = 500
WINDOW_DAYS = 90
# Without a pin "near" is a whole kecamatan: a shorter window keeps the list to the point
# (and the lookup to a month of the kecamatan's open reports).
WINDOW_DAYS_WITHOUT_PIN = 30
LIMIT = 5
METRES_PER_DEGREE = 111_320


@dataclass(frozen=True)
class Place:
    """Where a report is: a pin, a kecamatan, or both (either may be missing)."""

    latitude: Decimal | None = None
    longitude: Decimal | None = None
    district_id: int | None = None

    @property
    def pinned(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def known(self) -> bool:
        return self.pinned or self.district_id is not None


def _metres_per_degree_of_longitude(latitude) -> float:
    return METRES_PER_DEGREE * math.cos(math.radians(float(latitude)))


def _near(candidates: QuerySet, place: Place) -> QuerySet:
    """Within RADIUS_METRES of the pin (annotated `distance`), or in the same kecamatan."""
    if not place.pinned:
        return candidates.filter(district_id=place.district_id).annotate(
            distance=Value(None, output_field=FloatField()))
    lat, long = float(place.latitude), float(place.longitude)
    x_scale = _metres_per_degree_of_longitude(lat)
    d_lat, d_long = RADIUS_METRES / METRES_PER_DEGREE, RADIUS_METRES / x_scale
    dy = (Cast("latitude", FloatField()) - lat) * METRES_PER_DEGREE
    dx = (Cast("longitude", FloatField()) - long) * x_scale
    return candidates.filter(
        latitude__range=(lat - d_lat, lat + d_lat),
        longitude__range=(long - d_long, long + d_long),
    ).annotate(distance=Sqrt(dy * dy + dx * dx)).filter(distance__lte=RADIUS_METRES)


def similar_reports(candidates: QuerySet, *, title: str, category_id: int | None,
                    place: Place, exclude_pk: int | None = None,
                    limit: int = LIMIT) -> list[Complaint]:
    """Up to `limit` open reports of `candidates` like the one described, best first, each
    annotated with `score` (0–1.6: title likeness, +0.3 same category, +0.3 very near) and
    `distance` in metres (None without a pin). None without a place or a title."""
    title = title.strip()[:200]
    if not title or not place.known:
        return []
    same_category = Q(category_id=category_id) if category_id else Q(pk__in=[])
    likeness = TrigramSimilarity(Upper("title"), title.upper())
    window = WINDOW_DAYS if place.pinned else WINDOW_DAYS_WITHOUT_PIN
    recent = candidates.filter(
        state__in=OPEN_STATES, submitted_at__gte=timezone.now() - timedelta(days=window))
    if exclude_pk is not None:
        recent = recent.exclude(pk=exclude_pk)
    near = _near(recent, place).filter(
        same_category | TrigramSimilar(Upper("title"), title.upper()))
    closeness = (Value(0.3) * (Value(1.0) - F("distance") / Value(float(RADIUS_METRES)))
                 if place.pinned else Value(0.0))
    scored = near.annotate(
        likeness=likeness,
        score=F("likeness") + Case(When(same_category, then=Value(0.3)), default=Value(0.0),
                                   output_field=FloatField()) + closeness,
    )
    return list(scored.select_related("category", "district", "lead_unit")
                .defer("description", "search").order_by("-score", "-submitted_at")[:limit])
