"""The monthly rollup behind the regional dashboard: per month of submission, the counts,
duration histograms and ratings for the whole region and per unit, category, channel,
kecamatan and the sub-unit the work was sent down to. The worker refreshes this month and
the last every 10 minutes and every month nightly; the dashboard says how fresh its numbers
are and counts live whenever a filter asks for something the rollup does not hold."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints.models import Complaint
from disposition.models import MonthlyRollup
from disposition.reporting.figures import COUNTS, HISTOGRAMS

DIMENSIONS = {
    "unit": ("lead_unit_id", "lead_unit__name"),
    "category": ("category_id", "category__name"),
    "channel": ("channel", "channel__name"),
    "district": ("district_id", "district__name"),
    "sub_unit": ("working_unit_id", "working_unit__name"),  # "" when no sub-unit works on it
}


def month_bounds(month):
    start = timezone.make_aware(datetime.combine(month, time.min))
    return start, timezone.make_aware(datetime.combine(_next_month(month), time.min))


def _next_month(month):
    return (month + timedelta(days=32)).replace(day=1)


def _months(first, last):
    month = first
    while month <= last:
        yield month
        month = _next_month(month)


def _by_month(complaints, field="submitted_at"):
    """Grouped by the local month of `field` (the same months as month_bounds)."""
    return complaints.annotate(rollup_month=TruncMonth(field)).order_by()


def _every_dimension(complaints, month_field, annotations):
    """`annotations` (counts, which add up) grouped by month and by every dimension's key at
    once: one pass over the table instead of one per dimension (a million complaints: 2 s,
    not 8), summed per dimension by the caller."""
    keys = [field for field, _label_field in DIMENSIONS.values()]
    return _by_month(complaints, month_field).values("rollup_month", *keys).annotate(
        **annotations)


def _labels(dimension):
    """{key: name} of a dimension's table (units, categories, channels: a few dozen rows)."""
    relation, name = DIMENSIONS[dimension][1].split("__")
    field = Complaint._meta.get_field(relation)
    return {str(key): label for key, label in
            field.related_model.objects.values_list(field.target_field.attname, name)}


def _histograms(complaints, group, field, size, first):
    """{(month, group value or None): [count per value]} for a small integer field whose
    values start at `first`; values beyond the last bucket go into the last."""
    fields = ["rollup_month", group, field] if group else ["rollup_month", field]
    rows = (_by_month(complaints).exclude(**{f"{field}__isnull": True}).values_list(*fields)
            .annotate(n=Count("pk")))
    result = {}
    for row in rows:
        key = (row[0], row[1] if group else None)
        value, n = row[-2], row[-1]
        index = min(value - first, size - 1)
        result.setdefault(key, [0] * size)[index] += n
    return result


def refresh_months(first, last):
    """Recompute the rows of every month from `first` to `last` (all dimensions) in one
    transaction; returns the number of rows. Each figure is one grouped query over the whole
    span, not one per month: a million complaints over two years roll up in seconds."""
    first, last = first.replace(day=1), last.replace(day=1)
    start, end = month_bounds(first)[0], month_bounds(last)[1]
    submitted = Complaint.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    rows = {}

    def row(month, dimension, key, label=""):
        month = month.date() if isinstance(month, datetime) else month
        found = rows.get((month, dimension, key))
        if found is None:
            found = rows[month, dimension, key] = MonthlyRollup(
                month=month, dimension=dimension, key=key, label=label or "",
                **{attribute: [0] * size for attribute, size, _first in HISTOGRAMS.values()})
        return found

    for month in _months(first, last):  # every month has its row, empty or not
        row(month, "all", "")
    labels = {dimension: _labels(dimension) for dimension in DIMENSIONS}

    def add(data, names):
        """Adds a group's counts to the region's row and to each of its dimensions' rows."""
        month = data["rollup_month"]
        targets = [row(month, "all", "")]
        for dimension, (field, _label_field) in DIMENSIONS.items():
            key = "" if data[field] is None else str(data[field])
            targets.append(row(month, dimension, key, labels[dimension].get(key, "")))
        for target in targets:
            for name in names:
                setattr(target, name, getattr(target, name) + data[name])

    for data in _every_dimension(submitted, "submitted_at", COUNTS):
        add(data, COUNTS)
    # Histograms for the region and per unit (medians need them; the charts do not).
    for dimension, group in (("all", None), ("unit", "lead_unit_id")):
        for field, (attribute, size, first_value) in HISTOGRAMS.items():
            for (month, key), buckets in _histograms(submitted, group, field, size,
                                                     first_value).items():
                setattr(row(month, dimension, "" if key is None else str(key)), attribute,
                        buckets)
    # What happened in each month, whenever the complaint came in (the trend's other bars),
    # per dimension too: a dashboard filtered to one category reads its trend from here.
    for field, names in (("closed_at", ("closed_in_month",)),
                         ("first_answered_at", ("answered_in_month", "in_time_in_month"))):
        happened = Complaint.objects.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        annotations = {names[0]: Count("pk")}
        if len(names) > 1:
            annotations[names[1]] = Count("pk", filter=Q(answered_in_time=True))
        for data in _every_dimension(happened, field, annotations):
            add(data, names)
    with transaction.atomic():
        MonthlyRollup.objects.filter(month__gte=first, month__lte=last).delete()
        MonthlyRollup.objects.bulk_create(rows.values())
    return len(rows)


def refresh_month(month):
    """Recompute one month's rows (all dimensions) in one transaction; returns the rows."""
    return refresh_months(month, month)


def refresh_recent(today=None):
    """This month and the last (where most changes land)."""
    today = today or timezone.localdate()
    this = today.replace(day=1)
    return refresh_months((this - timedelta(days=1)).replace(day=1), this)


HISTORY_MONTHS = 24


def refresh_all(today=None):
    """Every month from the first complaint (or two years back, whichever is earlier) to
    this one (nightly), so that month and year presets always find their rows."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    for _ in range(HISTORY_MONTHS):
        month = (month - timedelta(days=1)).replace(day=1)
    first = Complaint.objects.order_by("submitted_at").values_list("submitted_at", flat=True) \
        .first()
    if first is not None:
        month = min(month, timezone.localtime(first).date().replace(day=1))
    return refresh_months(month, today)


def covered_months(start, end, today=None):
    """The months of [start, end] if it is whole months and every one up to this month has
    been rolled up (later ones hold nothing yet); else None (the dashboard counts live)."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return None
    this_month = (today or timezone.localdate()).replace(day=1)
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = _next_month(month)
    needed = {month for month in months if month <= this_month}
    have = set(MonthlyRollup.objects.filter(dimension="all", month__in=needed)
               .values_list("month", flat=True))
    return months if have == needed else None

