"""Where a pin is: inside the region's box or not, which kecamatan holds it, and whether a
latitude and a longitude look swapped. One place for every channel (web form, WhatsApp,
Open311, the workbench's intake).

The region's box is LAPOR_REGION_BBOX ("west,south,east,north"). Kecamatan boundaries are
loaded by `manage.py load_boundaries` into accounts.DistrictBoundary; PostgreSQL's own
geometric types answer "which polygon holds this point" (no PostGIS needed).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection

from accounts.models import DistrictBoundary, Unit


@dataclass(frozen=True)
class Box:
    west: Decimal
    south: Decimal
    east: Decimal
    north: Decimal

    def holds(self, latitude, longitude) -> bool:
        return (self.south <= Decimal(latitude) <= self.north
                and self.west <= Decimal(longitude) <= self.east)

    @property
    def centre(self) -> tuple[Decimal, Decimal]:
        return (self.south + self.north) / 2, (self.west + self.east) / 2


def region_box() -> Box:
    return Box(*(Decimal(part.strip()) for part in settings.LAPOR_REGION_BBOX.split(",")))


def outside_region(latitude, longitude) -> bool:
    """A pin outside the region's box (accepted all the same: no wrong door)."""
    if latitude is None or longitude is None:
        return False
    return not region_box().holds(latitude, longitude)


def looks_swapped(latitude, longitude) -> bool:
    """A latitude and longitude typed the wrong way round: the pair is not a place on earth,
    or lies outside the region where the swapped pair lies inside it."""
    latitude, longitude = Decimal(latitude), Decimal(longitude)
    box = region_box()
    if abs(latitude) > 90 and abs(longitude) <= 90:
        return True
    return not box.holds(latitude, longitude) and box.holds(longitude, latitude)


def district_at(latitude, longitude) -> Unit | None:
    """The active kecamatan whose loaded boundary holds the pin; None without boundaries, or
    outside all of them."""
    if latitude is None or longitude is None:
        return None
    table = DistrictBoundary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT district_id FROM {table} WHERE ring @> point(%s, %s) "  # noqa: S608
            "ORDER BY id LIMIT 1", [float(longitude), float(latitude)])
        row = cursor.fetchone()
    if row is None:
        return None
    return Unit.objects.filter(pk=row[0], kind=Unit.Kind.DISTRICT, is_active=True).first()
