"""Read queries for the dashboards, the exports, the monthly report and /statistik/.

Every figure is an aggregate over plain columns (durations are recorded when a stage ends),
one query per table or chart, whatever the number of complaints.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Aggregate, Avg, Count, F, FloatField, Q
from django.db.models.functions import NullIf, TruncMonth
from django.utils import timezone

from complaints.workflow import FINAL_STATES, STAFF_CLOCK_STATES, State


class Median(Aggregate):
    """PostgreSQL's continuous median (nulls ignored)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    category: int | None = None
    channel: str = ""
    district: int | None = None
    unit: int | None = None
    kind: str = ""

    def bounds(self):
        """The period as aware datetimes in the region's time zone: [start, day after end)."""
        start = timezone.make_aware(datetime.combine(self.start, time.min))
        end = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return start, end


def this_month(today=None):
    today = today or timezone.localdate()
    start = today.replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def month_of(day):
    start = day.replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _narrowed(complaints, filters, *, with_period=True):
    if with_period:
        start, end = filters.bounds()
        complaints = complaints.filter(submitted_at__gte=start, submitted_at__lt=end)
    if filters.category:
        complaints = complaints.filter(category_id=filters.category)
    if filters.channel:
        complaints = complaints.filter(channel=filters.channel)
    if filters.district:
        complaints = complaints.filter(district_id=filters.district)
    if filters.unit:
        complaints = complaints.filter(lead_unit_id=filters.unit)
    if filters.kind:
        complaints = complaints.filter(kind=filters.kind)
    return complaints


def filtered(complaints, filters):
    return _narrowed(complaints, filters)


def _overdue(now):
    return Q(state__in=STAFF_CLOCK_STATES, due_at__lt=now)


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _rounded(value):
    return round(value, 2) if value is not None else None


def figures(complaints, filters, now=None):
    """The headline numbers for the period, in one query."""
    now = now or timezone.now()
    row = filtered(complaints, filters).aggregate(
        received=Count("pk"),
        verified=Count("pk", filter=Q(verified_at__isnull=False)),
        in_progress=Count("pk", filter=Q(state__in=[State.DISPOSITIONED, State.IN_PROGRESS])),
        answered=Count("pk", filter=Q(state=State.ANSWERED)),
        closed=Count("pk", filter=Q(state=State.CLOSED)),
        archived=Count("pk", filter=Q(state=State.ARCHIVED)),
        forwarded=Count("pk", filter=Q(state=State.FORWARDED)),
        overdue=Count("pk", filter=_overdue(now)),
        avg_to_disposition=Avg("days_to_disposition"),
        median_to_disposition=Median("days_to_disposition"),
        avg_to_answer=Avg("days_to_first_answer"),
        median_to_answer=Median("days_to_first_answer"),
        first_answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
        in_time=Count("pk", filter=Q(answered_in_time=True)),
        rated=Count("rating"),
        avg_rating=Avg("rating"),
        **{f"rating_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
    )
    for name in ("avg_to_disposition", "median_to_disposition", "avg_to_answer",
                 "median_to_answer", "avg_rating"):
        row[name] = _rounded(row[name])
    row["share_in_time"] = _share(row["in_time"], row["first_answered"])
    row["share_closed"] = _share(row["closed"], row["received"])
    row["ratings"] = [(n, row[f"rating_{n}"]) for n in range(5, 0, -1)]
    return row


UNIT_SORTS = {
    "unit": "lead_unit__name", "received": "-received", "open": "-open",
    "overdue": "-overdue", "avg_answer": "avg_to_answer", "median_answer": "median_to_answer",
    "in_time": "-share_in_time", "closed": "-share_closed", "rating": "-avg_rating",
}


def unit_table(complaints, filters, *, sort="overdue", now=None):
    """One row per lead unit: received, open, overdue, answer times, compliance, rating."""
    now = now or timezone.now()
    rows = (
        filtered(complaints, filters).filter(lead_unit__isnull=False)
        .values("lead_unit_id", "lead_unit__name")
        .annotate(
            received=Count("pk"),
            open=Count("pk", filter=~Q(state__in=FINAL_STATES)),
            overdue=Count("pk", filter=_overdue(now)),
            avg_to_answer=Avg("days_to_first_answer"),
            median_to_answer=Median("days_to_first_answer"),
            first_answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
            in_time=Count("pk", filter=Q(answered_in_time=True)),
            closed=Count("pk", filter=Q(state=State.CLOSED)),
            avg_rating=Avg("rating"),
        )
        .annotate(
            share_in_time=100.0 * F("in_time") / NullIf(F("first_answered"), 0),
            share_closed=100.0 * F("closed") / NullIf(F("received"), 0),
        )
    )
    order = UNIT_SORTS.get(sort, UNIT_SORTS["overdue"])
    descending = order.startswith("-")
    field = order.lstrip("-")
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    rows = rows.order_by(expression, "lead_unit__name")
    result = []
    for row in rows:
        row["avg_to_answer"] = _rounded(row["avg_to_answer"])
        row["median_to_answer"] = _rounded(row["median_to_answer"])
        row["avg_rating"] = _rounded(row["avg_rating"])
        row["share_in_time"] = _share(row["in_time"], row["first_answered"])
        row["share_closed"] = _share(row["closed"], row["received"])
        result.append(row)
    return result


def months_back(end, count=12):
    first = end.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def monthly_trend(complaints, filters, months=12):
    """Received and closed per month, and the share answered within the deadline, for the
    `months` months that end with the period."""
    window = replace(filters, start=months_back(filters.end, months)[0])
    start, end = window.bounds()
    scoped = _narrowed(complaints, window, with_period=False)
    received = dict(
        scoped.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=TruncMonth("submitted_at")).values_list("month")
        .annotate(n=Count("pk")).values_list("month", "n")
    )
    closed = dict(
        scoped.filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(month=TruncMonth("closed_at")).values_list("month")
        .annotate(n=Count("pk")).values_list("month", "n")
    )
    answered = {
        month: (in_time, total) for month, in_time, total in
        scoped.filter(first_answered_at__gte=start, first_answered_at__lt=end)
        .annotate(month=TruncMonth("first_answered_at")).values("month")
        .annotate(in_time=Count("pk", filter=Q(answered_in_time=True)), total=Count("pk"))
        .values_list("month", "in_time", "total")
    }
    rows = []
    for month in months_back(filters.end, months):
        in_time, total = answered.get(_key(month, answered), (0, 0))
        rows.append({
            "month": month,
            "received": received.get(_key(month, received), 0),
            "closed": closed.get(_key(month, closed), 0),
            "answered": total,
            "share_in_time": _share(in_time, total),
        })
    return rows


def _key(month, table):
    """TruncMonth gives aware datetimes in the region's zone; match them by date."""
    for key in table:
        if timezone.localtime(key).date() == month:
            return key
    return None


def breakdown(complaints, filters, field, label_field=None):
    """Count per value of `field` (category, channel, kecamatan) in the period, largest
    first."""
    label_field = label_field or field
    rows = (filtered(complaints, filters).values(field, label_field)
            .annotate(n=Count("pk")).order_by("-n", label_field))
    return [{"key": row[field], "label": row[label_field], "n": row["n"]} for row in rows]


def overdue_list(complaints, unit_id, now=None, limit=100):
    """A unit's overdue complaints, the most overdue first (for the drill-down)."""
    now = now or timezone.now()
    return list(complaints.filter(_overdue(now), lead_unit_id=unit_id)
                .select_related("category").order_by("due_at")[:limit])


def oldest_open(complaints, filters, limit=10):
    """The ten oldest open complaints (for the monthly report); the period's other filters
    apply, its dates do not: old ones are the point."""
    return list(_narrowed(complaints, filters, with_period=False)
                .exclude(state__in=FINAL_STATES).select_related("lead_unit", "category")
                .order_by("submitted_at")[:limit])
