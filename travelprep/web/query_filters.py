"""The fields of a staff list's filter, as typed in its query string."""

from __future__ import annotations

from datetime import date

DATE_HINT = "Enter a date as YYYY-MM-DD."


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
