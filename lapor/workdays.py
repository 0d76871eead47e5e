"""Working-day arithmetic in the region's time zone. Pure: no database access.

Weekends do not count, nor do the dates in `holidays` (the SLA issue feeds the holiday
calendar in). A period that starts after office hours, on a weekend or on a holiday starts on
the next working day; a deadline is the end of its Nth working day.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

OFFICE_CLOSES = time(16, 0)
END_OF_DAY = time(23, 59, 59)


def is_working_day(day, holidays=frozenset()):
    return day.weekday() < 5 and day not in holidays


def first_counted_day(moment, holidays=frozenset()):
    """The working day on which a period starting at `moment` counts as day 1."""
    local = timezone.localtime(moment)
    day = local.date()
    if not is_working_day(day, holidays) or local.time() >= OFFICE_CLOSES:
        day = next_working_day(day, holidays)
    return day


def next_working_day(day, holidays=frozenset()):
    day += timedelta(days=1)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def add_working_days(moment, days, holidays=frozenset()):
    """The end (23:59:59 local) of the `days`-th working day of a period starting at `moment`."""
    if days < 1:
        raise ValueError("A period lasts at least one working day.")
    day = first_counted_day(moment, holidays)
    for _ in range(days - 1):
        day = next_working_day(day, holidays)
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def working_days_elapsed(start, end, holidays=frozenset()):
    """Whole working days from the day `start` counts as day 1 up to `end`'s day, inclusive
    of neither: 0 on the first counted day, 1 on the next working day, and so on.
    Counted, not walked: the workbench shows it for a hundred rows that may be a year old."""
    first = first_counted_day(start, holidays)
    last = timezone.localtime(end).date()
    if last <= first:
        return 0
    return _weekdays_after(first, last) - sum(
        1 for day in holidays if first < day <= last and day.weekday() < 5)


def _weekdays_after(first, last):
    """Monday-to-Friday dates d with first < d <= last."""
    weeks, extra = divmod((last - first).days, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for step in range(1, extra + 1) if (start + step) % 7 < 5)


def end_of_working_day_before(moment, days, holidays=frozenset()):
    """The end (23:59:59 local) of the working day `days` working days before `moment`'s
    day. A deadline at or before it has been passed by at least `days - 1` full working
    days: with days=1 that is any deadline before today."""
    day = timezone.localtime(moment).date()
    for _ in range(days):
        day -= timedelta(days=1)
        while not is_working_day(day, holidays):
            day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))
