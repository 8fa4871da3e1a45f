"""The fields of a staff list's filter, as typed in its query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

DATE_HINT = "Enter a date as YYYY-MM-DD."

Where = TypeVar("Where")  # the feature's filter: a TripFilter, a VisitFilter, a QueueFilter


@dataclass
class FilterForm(Generic[Where]):
    """The filter fields as typed, the filter they make, and what was wrong with them."""

    values: dict[str, str]
    where: Where
    errors: dict[str, str]


def filter_day(values: dict[str, str], key: str, errors: dict[str, str]) -> date | None:
    """The date typed in field `key`; None when it is empty, or when it is not a date, which
    `errors` then names (the list answers 400 with the field marked)."""
    if not values[key]:
        return None
    try:
        return date.fromisoformat(values[key])
    except ValueError:
        errors[key] = DATE_HINT
        return None


def day_or_today(typed_day: str, today: date) -> tuple[date, str]:
    """The day typed (today when empty) and, when it is not a date, today with the message to show."""
    try:
        return (date.fromisoformat(typed_day) if typed_day else today), ""
    except ValueError:
        return today, DATE_HINT
