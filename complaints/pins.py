"""The maps' data: the reports of a queryset (the public's, or a staff user's scope) inside the
box the map shows, as pins when there are few and as counted grid cells when there are many —
clustered in the database, so a coordinator's map of 100,000 open reports sends a few hundred
cells, not 100,000 pins."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, FloatField, QuerySet
from django.db.models.functions import Cast, Floor

from complaints import geo

MAX_PINS = 300
GRID = 24  # cells across the shown box's height when clustering


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float


def region_bounds() -> Bounds:
    """The region's box (LAPOR_REGION_BBOX): what a map shows first."""
    box = geo.region_box()
    return Bounds(float(box.south), float(box.west), float(box.north), float(box.east))


def parse_bounds(text: str, fallback: Bounds) -> Bounds:
    """"south,west,north,east" from the map (Leaflet's toBBoxString order is west,south,
    east,north; the script sends this order); the fallback for anything else."""
    try:
        south, west, north, east = (float(Decimal(part)) for part in text.split(","))
    except (InvalidOperation, ValueError, TypeError):
        return fallback
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        return fallback
    return Bounds(south, west, north, east)


def pins(complaints: QuerySet, bounds: Bounds, url_of: Callable[[dict], str]) -> dict:
    """{"pins": [...]} when the box holds at most MAX_PINS reports (each with the page
    `url_of` its row gives), else {"cells": [...]} with each cell's count and centre."""
    inside = complaints.filter(latitude__isnull=False,
                               latitude__range=(bounds.south, bounds.north),
                               longitude__range=(bounds.west, bounds.east)).order_by()
    found = list(inside.values("pk", "tracking_code", "title", "state", "latitude",
                               "longitude")[:MAX_PINS + 1])
    if len(found) <= MAX_PINS:
        return {"pins": [{"code": row["tracking_code"], "title": row["title"],
                          "state": row["state"], "lat": float(row["latitude"]),
                          "lng": float(row["longitude"]), "url": url_of(row)}
                         for row in found]}
    # Cells counted in the database, each drawn at its centre (no per-row averages: the count
    # is what a cell says, and it halves the work over a region's open reports).
    size = (bounds.north - bounds.south) / GRID
    cells = (inside.annotate(row=Floor(Cast("latitude", FloatField()) / size),
                             column=Floor(Cast("longitude", FloatField()) / size))
             # COUNT(*), not COUNT(id): the id is not in the place index, and asking for it
             # turns an index-only scan into a read of the table.
             .values_list("row", "column").annotate(count=Count("*")).order_by())
    return {"cells": [{"count": count, "lat": round((row + 0.5) * size, 6),
                       "lng": round((column + 0.5) * size, 6)} for row, column, count in cells]}
