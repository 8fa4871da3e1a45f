"""How far from today a user may date a trip or a loan (policy.yaml's `date_window`).

Dates outside are typos or probes (year 1, year 9999), and the latter overflow date
arithmetic downstream. The window is policy, so compliance staff can widen it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from travelprep.engine.itinerary import FieldError, Itinerary


@dataclass(frozen=True, slots=True)
class DateWindow:
    """From `years_back` years before today to `years_ahead` years after it."""

    years_back: int = 1
    years_ahead: int = 5

    def bounds(self, today: date) -> tuple[date, date]:
        """The first and last dates accepted, as of `today`."""
        return _years_from(today, -self.years_back), _years_from(today, self.years_ahead)

    def problems(self, named: Iterable[tuple[str, date | None]], today: date) -> dict[str, str]:
        """A message by field for each date outside the window."""
        earliest, latest = self.bounds(today)
        return {
            field: f"{value} is outside the dates we accept ({earliest} to {latest}); check the year."
            for field, value in named
            if value is not None and not earliest <= value <= latest
        }


def itinerary_dates(itinerary: Itinerary) -> list[tuple[str, date | None]]:
    """Every date of an itinerary, named by its field (`legs[1].arrive`)."""
    named: list[tuple[str, date | None]] = [("departure", itinerary.departure), ("return", itinerary.return_)]
    for index, leg in enumerate(itinerary.legs):
        named += [(f"legs[{index}].arrive", leg.arrive), (f"legs[{index}].depart", leg.depart)]
    return named


def _years_from(day: date, years: int) -> date:
    year = min(max(day.year + years, date.min.year), date.max.year)
    return day.replace(year=year, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=year)


def days_after(day: date, days: int) -> date:
    """`day` moved by `days` (back when negative), stopping at the first or last date there is.

    Calendars and schedules use it for dates already stored, which may predate the window.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def itinerary_dates_outside(itinerary: Itinerary, window: DateWindow, today: date) -> list[FieldError]:
    """The itinerary's dates outside the window, as field errors like parse_itinerary's."""
    from travelprep.engine.itinerary import FieldError

    found = window.problems(itinerary_dates(itinerary), today)
    return [FieldError(name, message) for name, message in found.items()]
