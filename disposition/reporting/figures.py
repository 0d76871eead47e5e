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


# Histogram length of the rollup's working-day counts: 0..59, then "60 or more".
DAY_BUCKETS = 61
# The counts every figure set starts from (the live figures and the monthly rollup).
COUNTS = dict(
    received=Count("pk"),
    verified=Count("pk", filter=Q(verified_at__isnull=False)),
    in_progress=Count("pk", filter=Q(state__in=[State.DISPOSITIONED, State.IN_PROGRESS])),
    answered=Count("pk", filter=Q(state=State.ANSWERED)),
    closed=Count("pk", filter=Q(state=State.CLOSED)),
    archived=Count("pk", filter=Q(state=State.ARCHIVED)),
    forwarded=Count("pk", filter=Q(state=State.FORWARDED)),
    first_answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
    in_time=Count("pk", filter=Q(answered_in_time=True)),
)


def figures(complaints, filters, now=None):
    """The headline numbers for the period, in one query."""
    now = now or timezone.now()
    row = filtered(complaints, filters).aggregate(
        **COUNTS,
        overdue=Count("pk", filter=_overdue(now)),
        avg_to_disposition=Avg("days_to_disposition"),
        median_to_disposition=Median("days_to_disposition"),
        avg_to_answer=Avg("days_to_first_answer"),
        median_to_answer=Median("days_to_first_answer"),
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


# --- The same figures from the monthly rollup (the regional dashboard at scale) ------------------


def _sum_lists(lists, size):
    total = [0] * size
    for values in lists:
        for index, value in enumerate(values or []):
            total[index] += value
    return total


def _from_histogram(counts, first_value=0):
    """(average, median) of values given as counts per value, as PostgreSQL would."""
    n = sum(counts)
    if not n:
        return None, None
    average = sum((index + first_value) * c for index, c in enumerate(counts)) / n

    def value_at(position):  # 1-based position in the sorted values
        seen = 0
        for index, count in enumerate(counts):
            seen += count
            if seen >= position:
                return index + first_value
        return len(counts) - 1 + first_value

    middle = n // 2
    median = float(value_at(middle + 1)) if n % 2 else (
        value_at(middle) + value_at(middle + 1)) / 2
    return _rounded(average), _rounded(median)


def _totals(rows):
    total = {name: sum(getattr(row, name) for row in rows) for name in COUNTS}
    total["disposition_days"] = _sum_lists([r.disposition_days for r in rows], DAY_BUCKETS)
    total["answer_days"] = _sum_lists([r.answer_days for r in rows], DAY_BUCKETS)
    total["ratings"] = _sum_lists([r.ratings for r in rows], 5)
    return total


def rollup_figures(rows, overdue):
    """`figures()` from the 'all' rows of the period's months; `overdue` counted live."""
    total = _totals(rows)
    figures = {name: total[name] for name in (
        "received", "verified", "in_progress", "answered", "closed", "archived", "forwarded",
        "first_answered", "in_time")}
    figures["overdue"] = overdue
    figures["avg_to_disposition"], figures["median_to_disposition"] = _from_histogram(
        total["disposition_days"])
    figures["avg_to_answer"], figures["median_to_answer"] = _from_histogram(
        total["answer_days"])
    ratings = total["ratings"]
    figures["rated"] = sum(ratings)
    figures["avg_rating"] = _from_histogram(ratings, first_value=1)[0]
    for n in range(1, 6):
        figures[f"rating_{n}"] = ratings[n - 1]
    figures["share_in_time"] = _share(figures["in_time"], figures["first_answered"])
    figures["share_closed"] = _share(figures["closed"], figures["received"])
    figures["ratings"] = [(n, figures[f"rating_{n}"]) for n in range(5, 0, -1)]
    return figures


def rollup_unit_table(rows, overdue_by_unit, sort="overdue"):
    """`unit_table()` from the 'unit' rows; open derived, overdue counted live."""
    by_unit = {}
    for row in rows:
        if row.key:
            by_unit.setdefault(row.key, []).append(row)
    table = []
    for key, unit_rows in by_unit.items():
        total = _totals(unit_rows)
        average, median = _from_histogram(total["answer_days"])
        rating = _from_histogram(total["ratings"], first_value=1)[0]
        table.append({
            "lead_unit_id": int(key), "lead_unit__name": unit_rows[-1].label,
            "received": total["received"],
            "open": total["received"] - total["closed"] - total["archived"] - total["forwarded"],
            "overdue": overdue_by_unit.get(int(key), 0),
            "avg_to_answer": average, "median_to_answer": median,
            "first_answered": total["first_answered"], "in_time": total["in_time"],
            "closed": total["closed"], "avg_rating": rating,
            "share_in_time": _share(total["in_time"], total["first_answered"]),
            "share_closed": _share(total["closed"], total["received"]),
        })
    field = UNIT_SORTS.get(sort, UNIT_SORTS["overdue"])
    return _sorted_rows(table, field.lstrip("-"), field.startswith("-"))


def _sorted_rows(rows, name, descending):
    present = [r for r in rows if r[name] is not None]
    missing = sorted((r for r in rows if r[name] is None), key=lambda r: r["lead_unit__name"])
    present.sort(key=lambda r: r["lead_unit__name"])
    present.sort(key=lambda r: r[name], reverse=descending)
    return present + missing


def rollup_trend(rows_by_month, months):
    """`monthly_trend()` from the 'all' rows of the twelve months."""
    trend = []
    for month in months:
        row = rows_by_month.get(month)
        answered = row.answered_in_month if row else 0
        trend.append({
            "month": month,
            "received": row.received if row else 0,
            "closed": row.closed_in_month if row else 0,
            "answered": answered,
            "share_in_time": _share(row.in_time_in_month, answered) if row else None,
        })
    return trend


def rollup_breakdown(rows, dimension):
    """`breakdown()` from one dimension's rows of the period's months."""
    counts = {}
    for row in rows:
        if row.dimension == dimension:
            entry = counts.setdefault(row.key, {"key": row.key, "label": row.label, "n": 0})
            entry["n"] += row.received
    result = [entry for entry in counts.values() if entry["n"]]
    for entry in result:
        entry["label"] = entry["label"] or None
    return sorted(result, key=lambda e: (-e["n"], str(e["label"] or "")))


def overdue_by_unit(complaints, filters, now=None):
    """Live, from the open rows' partial index: overdue per lead unit in the period."""
    now = now or timezone.now()
    return dict(filtered(complaints, filters).filter(_overdue(now))
                .values_list("lead_unit_id").annotate(n=Count("pk")).order_by()
                .values_list("lead_unit_id", "n"))
