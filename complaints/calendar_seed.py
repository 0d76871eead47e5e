"""The holiday calendar and the deadline policies the region starts from.

Holidays come from the `holidays` package for Indonesia, both its public holidays and its
government category (cuti bersama). Only missing dates are added: a day a coordinator edited
or removed by decree is theirs, and a date deleted on purpose comes back only if they delete
it again after the next seeding (documented in docs/operations.md)."""

import holidays
from django.db import transaction
from django.utils import timezone

from complaints.deadlines import recompute_open_deadlines
from complaints.models import DeadlinePolicy, Holiday
from complaints.policy import DEFAULT_WORKING_DAYS

COLLECTIVE_LEAVE_PREFIX = "Cuti Bersama"


def indonesian_holidays(years):
    calendar = holidays.country_holidays("ID", years=years, categories=("public", "government"),
                                         language="id")
    for day, names in sorted(calendar.items()):
        name = names.split(";")[0].strip()
        kind = (Holiday.Kind.COLLECTIVE_LEAVE if name.startswith(COLLECTIVE_LEAVE_PREFIX)
                else Holiday.Kind.NATIONAL)
        yield Holiday(date=day, name=name[:150], kind=kind)


def seed_calendar(years=None):
    """Add the missing holidays of last, this and next year and the missing region-wide
    policies; recompute open deadlines when anything was added. Returns (holidays, policies)."""
    this_year = timezone.localdate().year
    years = years or [this_year - 1, this_year, this_year + 1]
    with transaction.atomic():
        existing = set(Holiday.objects.filter(date__year__in=years)
                       .values_list("date", flat=True))
        new_days = [h for h in indonesian_holidays(years) if h.date not in existing]
        Holiday.objects.bulk_create(new_days)
        have = set(DeadlinePolicy.objects.filter(category__isnull=True)
                   .values_list("stage", flat=True))
        new_policies = [DeadlinePolicy(stage=stage, working_days=DEFAULT_WORKING_DAYS[stage])
                        for stage in DeadlinePolicy.Stage.values if stage not in have]
        DeadlinePolicy.objects.bulk_create(new_policies)
        if new_days or new_policies:
            recompute_open_deadlines()
    return len(new_days), len(new_policies)
