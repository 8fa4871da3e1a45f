"""Working days, the default pickup and return dates, and the reserved period."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from travelprep.loaner.schedule import (
    add_working_days,
    default_loan_dates,
    is_working_day,
    overlaps,
    reserved_period,
)

MON, TUE, WED, THU, FRI, SAT, SUN = (date(2027, 3, d) for d in range(1, 8))


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (WED, -2, MON),
        (MON, -2, date(2027, 2, 25)),  # Monday minus 2 working days: the Thursday before
        (SAT, -2, THU),
        (SUN, -1, FRI),
        (FRI, 3, date(2027, 3, 10)),  # Friday plus 3 working days: Wednesday
        (SAT, 3, date(2027, 3, 10)),
        (THU, 1, FRI),
        (FRI, 1, date(2027, 3, 8)),
        (WED, 0, WED),
        (SAT, 0, SAT),
    ],
)
def test_add_working_days_skips_weekends(start, count, expected):
    assert add_working_days(start, count) == expected


def test_default_dates_for_a_monday_departure_and_friday_return():
    dates = default_loan_dates(date(2027, 3, 8), date(2027, 3, 19))
    assert dates.pickup == date(2027, 3, 4)  # Thursday before
    assert dates.return_ == date(2027, 3, 24)  # Wednesday after


def test_default_dates_for_a_weekend_trip():
    dates = default_loan_dates(SAT, date(2027, 3, 14))  # Saturday to Sunday
    assert dates.pickup == THU
    assert dates.return_ == date(2027, 3, 17)


@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.integers(-30, 30))
def test_working_day_arithmetic_lands_on_working_days(start, count):
    end = add_working_days(start, count)
    if count:
        assert is_working_day(end)
        between = [start + timedelta(days=i) for i in range(1, abs((end - start).days) + 1)]
        if count < 0:
            between = [start - timedelta(days=i) for i in range(1, abs((end - start).days) + 1)]
        assert sum(is_working_day(d) for d in between) == abs(count)


def test_reserved_period_adds_the_wipe_buffer_inclusive():
    assert reserved_period(MON, FRI, 2) == (MON, SUN)
    assert reserved_period(MON, MON, 0) == (MON, MON)
    with pytest.raises(ValueError, match="before the pickup"):
        reserved_period(FRI, MON, 2)


def test_periods_that_touch_end_to_start_overlap_and_adjacent_ones_do_not():
    assert overlaps((MON, WED), (WED, FRI))  # both hold Wednesday
    assert not overlaps((MON, WED), (THU, FRI))  # ends the day before the other starts
    assert overlaps((MON, SUN), (TUE, WED))
