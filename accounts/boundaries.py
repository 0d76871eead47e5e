"""Kecamatan boundaries from GeoJSON (a FeatureCollection of Polygon or MultiPolygon
features, longitude first as GeoJSON says, each naming its kecamatan by `code` or `name`
property) into accounts.DistrictBoundary: all or nothing, replacing what was loaded."""

import json

from django.db import transaction

from accounts.models import DistrictBoundary, Unit


class BoundaryError(ValueError):
    """The file cannot be loaded as it is; the message says what to fix."""


def load(text: str) -> int:
    """Replace every boundary with the file's; returns the number of rings loaded."""
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryError(f"Bukan GeoJSON yang sah: {error}") from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryError("Berkas harus berisi FeatureCollection GeoJSON.")
    districts = {unit.code: unit for unit in Unit.objects.filter(kind=Unit.Kind.DISTRICT)}
    by_name = {unit.name.lower(): unit for unit in districts.values()}
    rings = []
    for number, feature in enumerate(collection.get("features") or [], start=1):
        unit = _district(feature, districts, by_name, number)
        rings += [DistrictBoundary(district=unit, ring=_polygon(ring, number))
                  for ring in _outer_rings(feature.get("geometry") or {}, number)]
    if not rings:
        raise BoundaryError("Tidak ada poligon kecamatan di berkas ini.")
    with transaction.atomic():
        DistrictBoundary.objects.all().delete()
        DistrictBoundary.objects.bulk_create(rings)
    return len(rings)


def _district(feature, districts, by_name, number):
    properties = feature.get("properties") or {}
    code, name = str(properties.get("code") or ""), str(properties.get("name") or "")
    unit = districts.get(code) or by_name.get(name.lower())
    if unit is None:
        raise BoundaryError(f"Fitur ke-{number}: kecamatan “{code or name}” tidak dikenal; "
                            "muat unitnya lebih dulu atau perbaiki kode/namanya.")
    return unit


def _outer_rings(geometry, number):
    """The outer ring of each polygon (holes are rare for a kecamatan and left out)."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return [coordinates[0]]
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coordinates]
    raise BoundaryError(f"Fitur ke-{number}: geometri {kind} bukan Polygon/MultiPolygon.")


def _polygon(ring, number):
    """PostgreSQL's polygon text, "((x,y),…)", from a GeoJSON ring of [long, lat]."""
    try:
        points = [(float(long), float(lat)) for long, lat, *_rest in ring]
    except (TypeError, ValueError) as error:
        raise BoundaryError(f"Fitur ke-{number}: koordinat tidak terbaca.") from error
    if len(points) < 4 or not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in points):
        raise BoundaryError(f"Fitur ke-{number}: poligon kurang dari tiga titik atau di luar "
                            "rentang lintang/bujur.")
    return "(" + ",".join(f"({x},{y})" for x, y in points) + ")"
