"""`draft_itinerary_from_ics`: an uploaded calendar file to a draft itinerary for the traveler to review.

The draft has CONTRACT.md's shape but only what a calendar can tell: `departure`, `return`
and `legs` (country, city, arrive, depart). The traveler adds the rest in the form, and the
result goes through `parse_itinerary` like any other itinerary.

How the trip is read:
- departure is the local date the first event starts, return the local date the last ends;
- each arrival abroad opens a leg, and the next departure closes it; a stay (hotel,
  conference) at a new place opens one too, and the first stay after landing in the same
  country names the leg's city (landing at Narita and staying in Kyoto is a visit to Kyoto);
- a stop of under 24 hours between two flights, with no stay there, is a connection, not a leg;
- the last arrival in the home country (where the first flight left from) ends the trip.
Dates are local: a flight's departure in its origin's time zone and its arrival in its
destination's, so a red-eye landing at 00:40 lands on the next day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from travelprep.calendar.ics_events import MAX_BYTES, Movement, Reading, Stay, UnreadableIcs, read_trip_events
from travelprep.calendar.places import Place
from travelprep.engine import region_cities

__all__ = ["IcsDraft", "UnreadableIcs", "draft_itinerary_from_ics", "MAX_BYTES"]

CONNECTION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class IcsDraft:
    """A partial itinerary (JSON-ready: dates as ISO text) and what the traveler should check."""

    itinerary: dict[str, Any]
    warnings: tuple[str, ...]


@dataclass
class _Leg:
    place: Place
    arrive: date
    depart: date | None = None
    stayed: bool = False  # a stay event was seen here, so it is no mere connection
    arrived_by: Movement | None = None

    def to_data(self) -> dict[str, Any]:
        found: dict[str, Any] = {"country": self.place.country}
        if self.place.city:
            found["city"] = self.place.city
        # Simferopol airport is in Crimea: the draft names the region, so the embargo is said.
        regions = region_cities.regions_for_city(self.place.country, self.place.city)
        if regions and self.place.country == regions[0].split("-")[0]:
            found["region"] = regions[0]
        found["arrive"] = self.arrive.isoformat()
        found["depart"] = (self.depart or self.arrive).isoformat()
        return found


def draft_itinerary_from_ics(data: bytes, *, max_bytes: int = MAX_BYTES) -> IcsDraft:
    """Read an .ics upload into a draft itinerary; UnreadableIcs (a user-facing message) if it cannot."""
    reading = read_trip_events(data, max_bytes=max_bytes)
    if not reading.events:
        raise UnreadableIcs(
            "No event in the calendar names an airport, a city or a country, so no trip "
            "could be read from it. Enter the trip by hand."
        )
    reading.events = _during_trip(reading)
    legs = _legs(reading)
    dates = [d for event in reading.events for d in _dates(event)]
    departure, return_ = min(dates), max(dates)
    _untangle(legs, reading)
    itinerary = {
        "departure": departure.isoformat(),
        "return": return_.isoformat(),
        "legs": [leg.to_data() for leg in legs],
    }
    if not legs:
        reading.warn("No stay abroad was found between the first and last events; add the destinations.")
    if not any(isinstance(event, Movement) for event in reading.events):
        reading.warn(
            "No flights or trains were found: departure and return are the first and last days "
            "of the events. Check them."
        )
    return IcsDraft(itinerary, tuple(reading.warnings))


def _during_trip(reading: Reading) -> list[Movement | Stay]:
    """Without stays at home before the first flight out or after the last one back."""
    events = reading.events
    travel = [index for index, event in enumerate(events) if isinstance(event, Movement)]
    if not travel:
        return events
    home = events[travel[0]].origin.country
    first, last = travel[0], travel[-1]
    if events[last].destination.country != home:
        last = len(events)  # the file ends abroad: everything after the last flight belongs
    kept = []
    for index, event in enumerate(events):
        if isinstance(event, Stay) and event.place.country == home and not first <= index <= last:
            reading.warn(f"'{event.label}' is at home, before or after the trip; it was left out.")
        else:
            kept.append(event)
    return kept


def _legs(reading: Reading) -> list[_Leg]:
    events = reading.events
    home = next((event.origin.country for event in events if isinstance(event, Movement)), None)
    legs: list[_Leg] = []
    current: _Leg | None = None
    for index, event in enumerate(events):
        if isinstance(event, Stay):
            current = _stay(event, current, legs)
            continue
        if current is not None:
            current.depart = max(current.arrive, event.leaves)
            if _is_connection(current, event):
                legs.pop()  # the open leg is always the last one
        current = None
        ends_trip = event.destination.country == home and all(
            isinstance(e, Movement) and e.destination.country == home for e in events[index + 1 :]
        )
        if not ends_trip:
            current = _Leg(event.destination, event.arrives, arrived_by=event)
            legs.append(current)
    return _merged(legs)


def _stay(stay: Stay, current: _Leg | None, legs: list[_Leg]) -> _Leg:
    # Landing at an airport and staying elsewhere in the country (Newark, then a hotel in New
    # York; Narita, then Kyoto) is one visit to where the traveler stays.
    landed_nearby = (
        current is not None
        and not current.stayed
        and current.arrived_by is not None
        and current.place.country == stay.place.country
    )
    if current is not None and (landed_nearby or current.place.same_place(stay.place)):
        if landed_nearby or (current.place.city is None and stay.place.city):
            current.place = stay.place
        current.stayed = True
        current.depart = max(current.depart or stay.last, stay.last)
        return current
    if current is not None:
        current.depart = max(current.arrive, min(current.depart or stay.first, stay.first))
    leg = _Leg(stay.place, stay.first, stay.last, stayed=True)
    legs.append(leg)
    return leg


def _is_connection(leg: _Leg, onward: Movement) -> bool:
    """Under a day between landing and flying on, with no stay: changing planes, not a visit."""
    landed = leg.arrived_by.arrives_at if leg.arrived_by else None
    if leg.stayed or landed is None or onward.leaves_at is None:
        return False
    return onward.leaves_at - landed < CONNECTION and onward.origin.same_place(leg.place)


def _merged(legs: list[_Leg]) -> list[_Leg]:
    """Consecutive legs at the same place (a train into town, then the hotel) become one."""
    merged: list[_Leg] = []
    for leg in legs:
        if merged and merged[-1].place.same_place(leg.place):
            previous = merged[-1]
            if previous.place.city is None:
                previous.place = leg.place
            previous.depart = max(d for d in (previous.depart, leg.depart, leg.arrive) if d)
            previous.stayed = previous.stayed or leg.stayed
        else:
            merged.append(leg)
    return merged


def _untangle(legs: list[_Leg], reading: Reading) -> None:
    """Legs in order never overlap: crossing the date line westward can land 'before' leaving."""
    for previous, leg in zip(legs, legs[1:], strict=False):
        if previous.depart and leg.arrive < previous.depart:
            reading.warn(
                f"Arrival in {leg.place.city or leg.place.country} on {leg.arrive} is before "
                f"leaving the previous place on {previous.depart}; it was moved to that day."
            )
            leg.arrive = previous.depart
            leg.depart = max(leg.depart or leg.arrive, leg.arrive)


def _dates(event: Movement | Stay) -> tuple[date, date]:
    return (event.leaves, event.arrives) if isinstance(event, Movement) else (event.first, event.last)
