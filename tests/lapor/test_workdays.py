from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

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
