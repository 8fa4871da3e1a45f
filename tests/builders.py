"""Builders for test itineraries, shared by the test modules."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from travelprep.engine.checklist import Checklist

TODAY = date(2026, 11, 21)

BASE_TRIP: dict[str, Any] = {
    "traveler": {
        "name": "Ada Lovelace",
        "email": "ada@example.edu",
        "role": "faculty",
        "citizenships": ["US"],
    },
    "departure": "2027-03-09",
    "return": "2027-03-20",
    "legs": [{"country": "FR", "city": "Paris", "arrive": "2027-03-10", "depart": "2027-03-19"}],
}


def trip_data(**changes: Any) -> dict[str, Any]:
    """A valid itinerary as data; keyword arguments replace top-level keys (traveler merges)."""
    data = copy.deepcopy(BASE_TRIP)
    traveler = changes.pop("traveler", None)
    if traveler:
        data["traveler"].update(traveler)
    data.update(changes)
    return data


def leg(country: str, region: str | None = None, city: str | None = None, **dates: str) -> dict:
    """One leg; without dates it spans the base trip."""
    found = {"country": country, "arrive": "2027-03-10", "depart": "2027-03-19", **dates}
    if region:
        found["region"] = region
    if city:
        found["city"] = city
    return found


def item_ids(checklist: Checklist) -> set[str]:
    return {item.id for item in checklist.items}


def item(checklist: Checklist, item_id: str):
    return next(i for i in checklist.items if i.id == item_id)
