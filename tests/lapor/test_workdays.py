from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor.workdays import add_working_days, first_counted_day

WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize(("moment", "days", "deadline_day"), [
    (at(2026, 11, 23, 9, 0), 3, date(2026, 11, 25)),  # Monday morning: Mon, Tue, Wed
    (at(2026, 11, 23, 17, 0), 3, date(2026, 11, 26)),  # after office hours: from Tuesday
    (at(2026, 11, 27, 10, 0), 3, date(2026, 12, 1)),  # Friday: Fri, Mon, Tue
    (at(2026, 11, 28, 10, 0), 1, date(2026, 11, 30)),  # Saturday: Monday is day 1
    (at(2026, 11, 22, 23, 0), 5, date(2026, 11, 27)),  # Sunday night: Mon..Fri
])
def test_deadlines_skip_weekends_and_start_after_office_hours(moment, days, deadline_day):
    deadline = add_working_days(moment, days).astimezone(WIB)
    assert deadline.date() == deadline_day
    assert (deadline.hour, deadline.minute) == (23, 59)


def test_holidays_do_not_count():
    christmas = {date(2026, 12, 25)}
    assert first_counted_day(at(2026, 12, 25, 9), christmas) == date(2026, 12, 28)
    assert add_working_days(at(2026, 12, 24, 9), 2, christmas).astimezone(WIB).date() == \
        date(2026, 12, 28)


def test_a_period_lasts_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 23, 9), 0)


# --- The real calendar: holidays and cuti bersama from the `holidays` package ------------------

def indonesian_days_off(*years):
    from complaints.calendar_seed import indonesian_holidays

    return frozenset(h.date for h in indonesian_holidays(list(years)))


CALENDAR = indonesian_days_off(2026, 2027)


@pytest.mark.parametrize(("case", "moment", "days", "deadline_day"), [
    # Idul Fitri 2026: Nyepi 19 Mar, cuti bersama 18, 20, 23, 24 Mar, Idul Fitri 21-22 Mar.
    ("filed the Tuesday before Idul Fitri", at(2026, 3, 17, 10), 3, date(2026, 3, 26)),
    ("filed on Idul Fitri itself", at(2026, 3, 21, 8), 5, date(2026, 3, 31)),
    ("filed during cuti bersama", at(2026, 3, 23, 9), 1, date(2026, 3, 25)),
    # Friday evening before the Ascension long weekend (Thu 14 May holiday, Fri 15 cuti).
    ("Friday evening before a long weekend", at(2026, 5, 8, 18), 3, date(2026, 5, 13)),
    ("Wednesday evening before Ascension", at(2026, 5, 13, 17), 1, date(2026, 5, 18)),
    # Year boundary: 24 Dec cuti bersama, 25 Dec Christmas, 1 Jan New Year.
    ("across the year boundary", at(2026, 12, 23, 15), 5, date(2026, 12, 31)),
    # …and Isra Mikraj on Tuesday 5 January 2027: Mon 4, Wed 6, Thu 7.
    ("New Year's Eve after office hours", at(2026, 12, 31, 17), 3, date(2027, 1, 7)),
])
def test_deadlines_on_the_indonesian_calendar(case, moment, days, deadline_day):
    assert add_working_days(moment, days, CALENDAR).astimezone(WIB).date() == deadline_day


def test_the_calendar_holds_idul_fitri_and_its_cuti_bersama():
    assert {date(2026, 3, d) for d in (18, 19, 20, 21, 22, 23, 24)} <= CALENDAR


def test_a_holiday_added_later_moves_the_deadline():
    friday_evening = at(2026, 11, 20, 18)
    before = add_working_days(friday_evening, 3, CALENDAR).date()
    regional = CALENDAR | {date(2026, 11, 24)}  # the regency's anniversary
    after = add_working_days(friday_evening, 3, regional).date()
    assert (before, after) == (date(2026, 11, 25), date(2026, 11, 26))


@pytest.mark.parametrize(("start", "end", "elapsed"), [
    (at(2026, 11, 23, 9), at(2026, 11, 23, 15), 0),
    (at(2026, 11, 23, 9), at(2026, 11, 24, 9), 1),
    (at(2026, 11, 20, 9), at(2026, 11, 23, 9), 1),  # Friday to Monday
    (at(2026, 3, 17, 9), at(2026, 3, 25, 9), 1),  # Idul Fitri week: Tue 17, then Wed 25
])
def test_working_days_elapsed(start, end, elapsed):
    from lapor.workdays import working_days_elapsed

    assert working_days_elapsed(start, end, CALENDAR) == elapsed


def elapsed_day_by_day(start, end, holidays):
    """The definition, walked a day at a time: working days after the first counted day, up
    to and including the end's day."""
    from lapor.workdays import is_working_day

    day, last, elapsed = first_counted_day(start, holidays), end.astimezone(WIB).date(), 0
    while day < last:
        day += timedelta(days=1)
        elapsed += is_working_day(day, holidays)
    return elapsed


@given(start=st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31), timezones=st.just(WIB)),
       span=st.timedeltas(timedelta(days=-10), timedelta(days=800)))
@settings(max_examples=300, deadline=None)
def test_working_days_elapsed_counts_what_a_walk_counts(start, span):
    from lapor.workdays import working_days_elapsed

    assert working_days_elapsed(start, start + span, CALENDAR) == elapsed_day_by_day(
        start, start + span, CALENDAR)


@pytest.mark.parametrize(("moment", "days", "day"), [
    (at(2026, 11, 26, 9), 1, date(2026, 11, 25)),  # Thursday: Wednesday
    (at(2026, 11, 26, 9), 3, date(2026, 11, 23)),  # Thursday: Monday
    (at(2026, 11, 30, 9), 1, date(2026, 11, 27)),  # Monday: Friday
    (at(2026, 3, 25, 9), 1, date(2026, 3, 17)),  # after Idul Fitri: the Tuesday before
])
def test_the_end_of_the_working_day_before(moment, days, day):
    from lapor.workdays import end_of_working_day_before

    assert end_of_working_day_before(moment, days, CALENDAR).astimezone(WIB).date() == day
