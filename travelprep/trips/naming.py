"""What a trip is called and where it goes, as the page, calendars and emails all show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from travelprep.engine import geography
from travelprep.engine.itinerary import FieldError, clean_text

MAX_NAME = 200


@dataclass(frozen=True)
class Stop:
    """One stop of the itinerary summary: city, country (or region) and dates."""

    number: int
    city: str
    place: str
    arrive: date | None
    depart: date | None


def stops_of(itinerary: Mapping[str, Any]) -> list[Stop]:
    """Each leg of a stored itinerary (CONTRACT.md's shape) as a stop, in order."""
    found = []
    for number, leg in enumerate(itinerary.get("legs") or [], start=1):
        country = leg.get("country") or ""
        found.append(
            Stop(
                number,
                leg.get("city") or "",
                geography.place_name(country, leg.get("region")) if country else "",
                _day(leg.get("arrive")),
                _day(leg.get("depart")),
            )
        )
    return found


def _day(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def clean_name(typed: str) -> tuple[str | None, list[FieldError]]:
    """The trip name as typed, on one line; None (the default name) when blank."""
    name = clean_text(typed or "")
    if len(name) > MAX_NAME:
        return None, [FieldError("trip_name", f"Use at most {MAX_NAME} characters (it has {len(name)}).")]
    return name or None, []
