"""Read queries for the dashboards, the exports, the monthly report and /statistik/.

Every number is defined once in MEASURES: its live aggregate over complaints, and the reducer
that reads the same number from the monthly rollup's summed rows. The headline figures and the
unit table are built from that table on both paths, and finished (rounded, shares, ratings)
by one function. Durations are recorded when a stage ends, so each figure is plain SQL over
columns, one query per table or chart, whatever the number of complaints."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Aggregate, Avg, Case, Count, DateTimeField, FloatField, Q, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints import search
from complaints.workflow import FINAL_STATES, SET_ASIDE_STATES, STAFF_CLOCK_STATES, State


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
    tag: int | None = None
    words: tuple[str, ...] = ()  # a search (complaints.search): reports with every word
    # The unit filter counts the unit's sub-units' work too (accounts.access.sub_unit_ids).
    unit_tree: frozenset[int] = frozenset()

    def narrowed(self) -> bool:
        """Whether anything beyond the period is chosen."""
        return bool(self.category or self.channel or self.district or self.unit or self.kind
                    or self.tag or self.words)

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
        complaints = complaints.filter(Q(lead_unit_id__in=filters.unit_tree or {filters.unit})
                                       | Q(working_unit_id=filters.unit))
    if filters.kind:
        complaints = complaints.filter(kind=filters.kind)
    if filters.tag:
        complaints = complaints.filter(tags=filters.tag)
    if filters.words:
        complaints = complaints.filter(search=search.every_word(filters.words))
    return complaints


def filtered(complaints, filters):
    return _narrowed(complaints, filters)


def _overdue(now):
    return Q(state__in=STAFF_CLOCK_STATES, due_at__lt=now)


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _rounded(value):
    return round(value, 2) if value is not None else None


# --- Every number, defined once: how to count it live, and how to read it from the rollup -------

# Histogram length of the rollup's working-day counts: 0..59, then "60 or more".
DAY_BUCKETS = 61
# The counts the rollup stores per month and dimension (rollup.refresh_month writes them).
COUNTS = dict(
    received=Count("pk"),
    verified=Count("pk", filter=Q(verified_at__isnull=False)),
    in_progress=Count("pk", filter=Q(state__in=[State.DISPOSITIONED, State.IN_PROGRESS,
                                                 State.WAITING_REPORTER, State.FOLLOWED_UP])),
    answered=Count("pk", filter=Q(state=State.ANSWERED)),
    closed=Count("pk", filter=Q(state=State.CLOSED)),
    archived=Count("pk", filter=Q(state__in=SET_ASIDE_STATES)),  # merged ones too
    forwarded=Count("pk", filter=Q(state=State.FORWARDED)),
    first_answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
    in_time=Count("pk", filter=Q(answered_in_time=True)),
    completed=Count("pk", filter=Q(completed_at__isnull=False)),
    completed_in_time=Count("pk", filter=Q(completed_in_time=True)),
)
# The rollup's histograms: field on the complaint → (rollup attribute, size, first value).
HISTOGRAMS = {
    "days_to_disposition": ("disposition_days", DAY_BUCKETS, 0),
    "days_to_first_answer": ("answer_days", DAY_BUCKETS, 0),
    "rating": ("ratings", 5, 1),
}


@dataclass(frozen=True)
class Measure:
    """One number of the dashboards: an aggregate over complaints (live), and the reducer that
    reads the same number from summed rollup rows (`Totals`)."""

    live: Aggregate
    from_rollup: Callable


def _counted(name):
    return Measure(COUNTS[name], lambda totals: totals[name])


def _average_of(field):
    attribute, _size, first = HISTOGRAMS[field]
    return Measure(Avg(field), lambda totals: _histogram_average(totals[attribute], first))


def _median_of(field):
    attribute, _size, first = HISTOGRAMS[field]
    return Measure(Median(field), lambda totals: _histogram_median(totals[attribute], first))


def _rating(n):
    return Measure(Count("pk", filter=Q(rating=n)), lambda totals: totals["ratings"][n - 1])


MEASURES: dict[str, Measure] = {
    **{name: _counted(name) for name in COUNTS},
    "open": Measure(Count("pk", filter=~Q(state__in=FINAL_STATES)),
                    lambda t: t["received"] - t["closed"] - t["archived"] - t["forwarded"]),
    "avg_to_disposition": _average_of("days_to_disposition"),
    "median_to_disposition": _median_of("days_to_disposition"),
    "avg_to_answer": _average_of("days_to_first_answer"),
    "median_to_answer": _median_of("days_to_first_answer"),
    "rated": Measure(Count("rating"), lambda totals: sum(totals["ratings"])),
    "avg_rating": _average_of("rating"),
    **{f"rating_{n}": _rating(n) for n in range(1, 6)},
}
# Which measures each table shows. "overdue" is always counted live (it changes by the minute,
# the rollup cannot hold it): the caller passes it in.
FIGURE_MEASURES = [name for name in MEASURES if name != "open"]
UNIT_MEASURES = ["received", "open", "avg_to_answer", "median_to_answer", "first_answered",
                 "in_time", "completed", "completed_in_time", "closed", "avg_rating"]
ROUNDED = {"avg_to_disposition", "median_to_disposition", "avg_to_answer", "median_to_answer",
           "avg_rating"}


def _live(names, now):
    return {**{name: MEASURES[name].live for name in names},
            "overdue": Count("pk", filter=_overdue(now))}


def _from_rollup(totals, names):
    return {name: MEASURES[name].from_rollup(totals) for name in names}


def _finish(row):
    """What both paths derive the same way: rounding, shares, the rating distribution."""
    for name in ROUNDED & row.keys():
        row[name] = _rounded(row[name])
    row["share_in_time"] = _share(row["in_time"], row["first_answered"])
    row["share_completed_in_time"] = _share(row["completed_in_time"], row["completed"])
    row["share_closed"] = _share(row["closed"], row["received"])
    if "rating_1" in row:
        row["ratings"] = [(n, row[f"rating_{n}"]) for n in range(5, 0, -1)]
    return row


# --- The headline figures ------------------------------------------------------------------------


def figures(complaints, filters: Filters, now=None) -> dict:
    """The headline numbers for the period, in one query."""
    now = now or timezone.now()
    return _finish(filtered(complaints, filters).aggregate(**_live(FIGURE_MEASURES, now)))


def rollup_figures(rows, overdue: int) -> dict:
    """`figures()` from the 'all' rows of the period's months; `overdue` counted live."""
    return _finish({**_from_rollup(_totals(rows), FIGURE_MEASURES), "overdue": overdue})


# --- The unit table ------------------------------------------------------------------------------

UNIT_SORTS = {
    "unit": "lead_unit__name", "received": "-received", "open": "-open",
    "overdue": "-overdue", "avg_answer": "avg_to_answer", "median_answer": "median_to_answer",
    "in_time": "-share_in_time", "completed_in_time": "-share_completed_in_time",
    "closed": "-share_closed", "rating": "-avg_rating",
}


def unit_table(complaints, filters: Filters, *, sort: str = "overdue", now=None) -> list[dict]:
    """One row per lead unit: received, open, overdue, answer times, compliance, rating."""
    now = now or timezone.now()
    rows = (filtered(complaints, filters).filter(lead_unit__isnull=False)
            .values("lead_unit_id", "lead_unit__name").annotate(**_live(UNIT_MEASURES, now))
            .order_by())
    return _sorted_units([_finish(row) for row in rows], sort)


def rollup_unit_table(rows, overdue_by_unit: dict, sort: str = "overdue") -> list[dict]:
    """`unit_table()` from the 'unit' rows; overdue counted live."""
    by_unit = {}
    for row in rows:
        if row.key:
            by_unit.setdefault(row.key, []).append(row)
    table = [
        _finish({"lead_unit_id": int(key), "lead_unit__name": unit_rows[-1].label,
                 **_from_rollup(_totals(unit_rows), UNIT_MEASURES),
                 "overdue": overdue_by_unit.get(int(key), 0)})
        for key, unit_rows in by_unit.items()
    ]
    return _sorted_units(table, sort)


def _sorted_units(rows, sort):
    """By the chosen column (empty values last), then by name."""
    field = UNIT_SORTS.get(sort, UNIT_SORTS["overdue"])
    name, descending = field.lstrip("-"), field.startswith("-")
    present = [r for r in rows if r[name] is not None]
    missing = sorted((r for r in rows if r[name] is None), key=lambda r: r["lead_unit__name"])
    present.sort(key=lambda r: r["lead_unit__name"])
    present.sort(key=lambda r: r[name], reverse=descending)
    return present + missing


def most_supported(complaints, filters: Filters, limit: int = 10) -> list[dict]:
    """The reports of the period most citizens joined (supporters, merged reports' reporters
    among them), most first: where one answer reaches many."""
    rows = (filtered(complaints, filters).filter(supporter_count__gt=0)
            .order_by("-supporter_count", "-submitted_at")
            .values("pk", "tracking_code", "title", "state", "supporter_count",
                    "lead_unit__name")[:limit])
    return [{**row, "state_label": State(row["state"]).label} for row in rows]


# --- The twelve-month trend ----------------------------------------------------------------------


def months_back(end, count=12):
    first = end.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _trend(months, received, closed, answered, in_time):
    """The trend's rows from four {month: count} tables (either path fills them)."""
    return [{
        "month": month,
        "received": received.get(month, 0),
        "closed": closed.get(month, 0),
        "answered": answered.get(month, 0),
        "share_in_time": _share(in_time.get(month, 0), answered.get(month, 0)),
    } for month in months]


def monthly_trend(complaints, filters: Filters, months: int = 12) -> list[dict]:
    """Received and closed per month, and the share answered within the deadline, for the
    `months` months that end with the period."""
    window = replace(filters, start=months_back(filters.end, months)[0])
    start, end = window.bounds()
    scoped = _narrowed(complaints, window, with_period=False)
    within = {field: Q(**{f"{field}__gte": start, f"{field}__lt": end})
              for field in ("submitted_at", "closed_at", "first_answered_at")}
    # One pass over the reports with any of the three dates in the window, counted by the
    # three months at once: three passes read a large unit's reports three times (125 of the
    # DPU operator's 181 ms of SQL at 100,000 reports, docs/performance.md).
    rows = (scoped.filter(within["submitted_at"] | within["closed_at"]
                          | within["first_answered_at"])
            .annotate(**{f"{field}_month": Case(When(condition, then=TruncMonth(field)),
                                                output_field=DateTimeField())
                         for field, condition in within.items()})
            .values("submitted_at_month", "closed_at_month", "first_answered_at_month",
                    "answered_in_time")
            .annotate(n=Count("pk")).order_by())
    received, closed, answered, in_time = {}, {}, {}, {}
    for row in rows:
        for table, month, counted in (
                (received, row["submitted_at_month"], True),
                (closed, row["closed_at_month"], True),
                (answered, row["first_answered_at_month"], True),
                (in_time, row["first_answered_at_month"], row["answered_in_time"])):
            if month is not None and counted:
                key = _local_month(month)
                table[key] = table.get(key, 0) + row["n"]
    return _trend(months_back(filters.end, months), received, closed, answered, in_time)


def _local_month(value):
    """The first day of a month from TruncMonth: aware in the region's zone, or — inside a
    Case, without TruncMonth's own conversion — the region's wall-clock time."""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date()


# The rollup's counts a trend is made of: received, closed, first answered, answered in time.
TREND_COUNTS = ("received", "closed_in_month", "answered_in_month", "in_time_in_month")


def rollup_trend(rows_by_month: dict, months: list) -> list[dict]:
    """`monthly_trend()` from the rollup rows of the twelve months (the region's, one
    category's, channel's or kecamatan's, or a unit user's units' summed)."""
    return _trend(months, *({month: getattr(row, name) for month, row in rows_by_month.items()}
                            for name in TREND_COUNTS))


# --- Breakdowns (category, channel, kecamatan) ---------------------------------------------------


def _ranked(entries):
    """Largest first, then by label; an empty label is None."""
    result = [{**entry, "label": entry["label"] or None} for entry in entries if entry["n"]]
    return sorted(result, key=lambda e: (-e["n"], str(e["label"] or "")))


def breakdown(complaints, filters: Filters, field: str, label_field: str | None = None) -> list:
    """Count per value of `field` (category, channel, kecamatan) in the period."""
    label_field = label_field or field
    rows = filtered(complaints, filters).values(field, label_field).annotate(n=Count("pk"))
    return _ranked({"key": row[field], "label": row[label_field], "n": row["n"]}
                   for row in rows.order_by())


def breakdowns(complaints, filters: Filters, fields) -> list[list]:
    """`breakdown()` for several (field, label field) pairs from one pass over the period:
    grouped by all of them at once and summed per field in Python (one scan of a million
    rows' month instead of one per chart)."""
    names = [name for pair in fields for name in pair]
    counts = [{} for _pair in fields]
    for row in filtered(complaints, filters).values(*names).annotate(n=Count("pk")).order_by():
        for (field, label_field), per_value in zip(fields, counts, strict=True):
            entry = per_value.setdefault(row[field], {"key": row[field],
                                                      "label": row[label_field], "n": 0})
            entry["n"] += row["n"]
    return [_ranked(per_value.values()) for per_value in counts]


def rollup_breakdown(rows, dimension: str) -> list:
    """`breakdown()` from one dimension's rows of the period's months."""
    counts = {}
    for row in rows:
        if row.dimension == dimension:
            entry = counts.setdefault(row.key, {"key": row.key, "label": row.label, "n": 0})
            entry["n"] += row.received
    return _ranked(counts.values())


# --- Lists ---------------------------------------------------------------------------------------


def overdue_list(complaints, unit_id: int, now=None, limit: int = 100) -> list:
    """A unit's overdue complaints, the most overdue first (for the drill-down)."""
    now = now or timezone.now()
    return list(complaints.filter(_overdue(now), lead_unit_id=unit_id)
                .select_related("category").order_by("due_at")[:limit])


def oldest_open(complaints, filters: Filters, limit: int = 10) -> list:
    """The ten oldest open complaints (for the monthly report); the period's other filters
    apply, its dates do not: old ones are the point."""
    return list(_narrowed(complaints, filters, with_period=False)
                .exclude(state__in=FINAL_STATES).select_related("lead_unit", "category")
                .order_by("submitted_at")[:limit])


def overdue_by_unit(complaints, filters: Filters, now=None) -> dict:
    """Live, from the open rows' partial index: overdue per lead unit in the period.
    Counted as COUNT(*): COUNT(id) needs the key, which that index (complaint_staff_open_period:
    submitted_at, due_at, lead_unit_id) does not hold, and PostgreSQL then read the table's
    overdue rows instead (a year at a million: 312 ms, not 42)."""
    now = now or timezone.now()
    return dict(filtered(complaints, filters).filter(_overdue(now))
                .values_list("lead_unit_id").annotate(n=Count("*")).order_by()
                .values_list("lead_unit_id", "n"))


# --- Reading the rollup's rows -------------------------------------------------------------------


def _sum_lists(lists, size):
    total = [0] * size
    for values in lists:
        for index, value in enumerate(values or []):
            total[index] += value
    return total


def _totals(rows):
    """The rollup rows summed: their counts and their histograms."""
    total = {name: sum(getattr(row, name) for row in rows) for name in COUNTS}
    for attribute, size, _first in HISTOGRAMS.values():
        total[attribute] = _sum_lists([getattr(row, attribute) for row in rows], size)
    return total


def _histogram_average(counts, first_value=0):
    n = sum(counts)
    if not n:
        return None
    return sum((index + first_value) * c for index, c in enumerate(counts)) / n


def _histogram_median(counts, first_value=0):
    """The continuous median of values given as counts per value, as PostgreSQL's
    PERCENTILE_CONT(0.5) gives it."""
    n = sum(counts)
    if not n:
        return None

    def value_at(position):  # 1-based position in the sorted values
        seen = 0
        for index, count in enumerate(counts):
            seen += count
            if seen >= position:
                return index + first_value
        return len(counts) - 1 + first_value

    middle = n // 2
    return float(value_at(middle + 1)) if n % 2 else (
        value_at(middle) + value_at(middle + 1)) / 2
