"""Working days, the default pickup and return dates, and the period a device is reserved.

A reservation holds a device from the pickup day to the return day plus the wipe buffer,
both ends INCLUSIVE: a device reserved until the 12th is busy on the 12th and free for a
pickup on the 13th. (PostgreSQL enforces it as `daterange(starts, ends, '[]')`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from travelprep.engine.date_window import days_after

PICKUP_WORKING_DAYS_BEFORE = 2
RETURN_WORKING_DAYS_AFTER = 3
DEFAULT_WIPE_BUFFER_DAYS = 2


def is_working_day(day: date) -> bool:
    """Monday to Friday (holidays are not modelled)."""
    return day.weekday() < 5


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days after `day` (before it when negative); weekends skipped."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining and date.min < day < date.max:
        day = days_after(day, step)
        if is_working_day(day):
            remaining -= 1
    return day


@dataclass(frozen=True)
class LoanDates:
    """The pickup and return days proposed for a trip."""

    pickup: date
    return_: date


def default_loan_dates(departure: date, trip_return: date) -> LoanDates:
    """Pickup 2 working days before departure, return 3 working days after coming back."""
    return LoanDates(
        pickup=add_working_days(departure, -PICKUP_WORKING_DAYS_BEFORE),
        return_=add_working_days(trip_return, RETURN_WORKING_DAYS_AFTER),
    )


def reserved_period(pickup: date, return_date: date, wipe_buffer_days: int) -> tuple[date, date]:
    """The first and last day (inclusive) a device is held: pickup to return + wipe buffer."""
    if return_date < pickup:
        raise ValueError("the return date is before the pickup date")
    return pickup, days_after(return_date, wipe_buffer_days)


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    """Whether two inclusive periods share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]
