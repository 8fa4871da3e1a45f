"""Reading an uploaded .ics file into the trip's movements and stays, on local dates.

Nothing in the file is trusted: ics_screening.py caps its size and entries and cuts out
time-zone rules before parsing, reading the events has a time budget, no recurrence is ever
expanded, and only cleaned, capped text leaves this module (in warnings). Places come from
our own tables, never from the file's text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from travelprep.calendar.event_text import one_line
from travelprep.calendar.ics_screening import UnreadableIcs, screened_calendar_text
from travelprep.calendar.places import Place, airport, place_from_text, warm_up

MAX_BYTES = 1_000_000
MAX_WARNINGS = 20
TIME_BUDGET = 5.0  # seconds; a trip's calendar takes milliseconds
ONE_DAY = timedelta(days=1)
# Trips happen in these years; anything else is a broken or hostile date (and year 1 or
# 9999 would overflow when moved to another time zone).
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200

# 'BOS → PVG', 'SFO-PVG', 'BOS to PVG', 'FRA/BOS', 'BOS>PVG' (codes in capitals, as airlines write them)
_CODE_PAIR = re.compile(r"\b([A-Z]{3})\s*(?:→|->|-->|=>|⇒|✈|–|—|-|/|>|\bto\b)\s*([A-Z]{3})\b")
_CODE_IN_PARENS = re.compile(r"\(([A-Z]{3})\)")  # 'Boston (BOS) to Shanghai (PVG)'
# 'Train Paris → Frankfurt', 'Paris Gare de Lyon to Geneva': a trip between two named places
_PLACE_PAIR = re.compile(r"^(?:[^:]{0,40}:\s*)?(.+?)\s*(?:→|->|-->|=>|⇒|–|—|\bto\b)\s*(.+)$")
_FLIGHT_TO = re.compile(r"\bflight to ([^(\[]+)", re.IGNORECASE)
_LONE_CODE = re.compile(r"\b[A-Z]{3}\b")
_GROUND = re.compile(
    r"\b(train|rail|tgv|ice|eurostar|thalys|shinkansen|bus|coach|ferry|drive|car|taxi|"
    r"transfer|rer|metro)\b",
    re.IGNORECASE,
)


# icalendar reports malformed lines and values as ValueError, but hostile input also reaches
# deeper: a TZID given twice is an AttributeError in it, a TZID naming a tzdata folder an
# OSError from zoneinfo. All of them mean the same to the traveler: the file is broken.
PARSER_FAILURES = (ValueError, TypeError, AttributeError, KeyError, IndexError, OSError)


@dataclass(frozen=True, slots=True)
class Movement:
    """A flight, train or drive from one place to another, on local dates."""

    origin: Place
    destination: Place
    leaves: date
    arrives: date
    leaves_at: datetime | None  # aware, when the file said when
    arrives_at: datetime | None
    label: str


@dataclass(frozen=True, slots=True)
class Stay:
    """A hotel night, conference or other event at one place: from `first` to the day it ends."""

    place: Place
    first: date
    last: date
    label: str


@dataclass
class Reading:
    """What an .ics file said about the trip, in time order, and what we could not use."""

    events: list[Movement | Stay]
    warnings: list[str]

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append("More events could not be used; only the first problems are listed.")


def read_trip_events(data: bytes, *, max_bytes: int = MAX_BYTES, budget: float = TIME_BUDGET) -> Reading:
    """The movements and stays of an .ics upload, sorted in time; UnreadableIcs if it is no calendar."""
    from icalendar import Calendar

    text = screened_calendar_text(data, max_bytes)
    warm_up()  # the place tables, built once per process: not the upload's time to spend
    deadline = time.monotonic() + budget
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except PARSER_FAILURES:
        # The library's own message is not shown: it can name files on this server.
        raise UnreadableIcs(
            "The calendar file is malformed and cannot be read. "
            "Export the trip from your calendar or airline again."
        ) from None
    # Only each calendar's own events: walking nested components would let a hostile file
    # nest thousands deep.
    raw_events = [c for calendar in calendars for c in calendar.subcomponents if c.name == "VEVENT"]
    if not raw_events:
        raise UnreadableIcs("The calendar has no events. Export the trip's flights or hotel bookings.")
    reading = Reading([], [])
    for event in raw_events:
        if time.monotonic() > deadline:
            raise UnreadableIcs(
                f"Reading the calendar took longer than {budget:g} seconds, far longer than a "
                "trip's calendar takes. Export only the trip's events."
            )
        if found := _trip_event(event, reading):
            reading.events.append(found)
    reading.events.sort(key=_time_order)
    return reading


def _trip_event(event, reading: Reading) -> Movement | Stay | None:
    summary = one_line(str(event.get("SUMMARY", "")), 300)
    location = one_line(str(event.get("LOCATION", "")), 300)
    label = one_line(summary or location or "untitled event", 60)
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        reading.warn(f"'{label}' is cancelled in the file; it was left out.")
        return None
    try:
        start, end = event.start, _end_or_none(event)
    except PARSER_FAILURES:
        reading.warn(f"'{label}' has no readable start date; it was left out.")
        return None
    if not all(_plausible_year(value) for value in (start, end) if value is not None):
        reading.warn(f"'{label}' has a date outside {EARLIEST_YEAR} to {LATEST_YEAR}; it was left out.")
        return None
    if "RRULE" in event:
        reading.warn(f"'{label}' repeats; only its first occurrence was used.")
    if pair := _airports_named(summary) or _airports_named(location):
        return _movement(pair, start, end, label, reading)
    if _GROUND.search(summary) and (pair := _places_named(summary)):
        return _movement(pair, start, end, label, reading)
    if pair := _flight_to_a_city(summary, location):
        return _movement(pair, start, end, label, reading)
    place = place_from_text(location) if location else None
    place = place or place_from_text(summary)
    if place is None:
        reading.warn(f"'{label}' names no place we recognise; it was left out.")
        return None
    first = _local_date(start, place.timezone)
    if end is None:
        return Stay(place, first, first, label)
    # An all-day event's DTEND is the day after its last day, which for a hotel booking is
    # the check-out day: the day the traveler leaves, which is what a leg's `depart` means.
    last = _local_date(end, place.timezone)
    return Stay(place, first, max(first, last), label)


def _plausible_year(value: date) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def _end_or_none(event) -> date | datetime | None:
    if "DTEND" not in event and "DURATION" not in event:
        return None
    return event.end


def _airports_named(text: str) -> tuple[Place, Place] | None:
    codes = _CODE_IN_PARENS.findall(text)
    pairs = [(codes[0], codes[-1])] if len(codes) >= 2 else []
    pairs += _CODE_PAIR.findall(text)
    for origin_code, destination_code in pairs:
        origin, destination = airport(origin_code), airport(destination_code)
        if origin and destination and origin_code != destination_code:
            return origin, destination
    return None


def _flight_to_a_city(summary: str, location: str) -> tuple[Place, Place] | None:
    """Mail apps' flight events: 'Flight to Shanghai (UA 857)' at 'San Francisco SFO'."""
    match = _FLIGHT_TO.search(summary)
    if not match:
        return None
    origin = next((found for code in _LONE_CODE.findall(location) if (found := airport(code))), None)
    destination = place_from_text(match[1])
    return (origin, destination) if origin and destination else None


def _places_named(text: str) -> tuple[Place, Place] | None:
    match = _PLACE_PAIR.match(text)
    if not match:
        return None
    origin, destination = place_from_text(_GROUND.sub(" ", match[1])), place_from_text(match[2])
    return (origin, destination) if origin and destination else None


def _movement(pair: tuple[Place, Place], start, end, label: str, reading: Reading) -> Movement:
    origin, destination = pair
    leaves = _local_date(start, origin.timezone)
    if end is None:
        reading.warn(f"'{label}' has no arrival time; the arrival was taken as the same day.")
        end = start
    arrives = _local_date(end, destination.timezone)
    if isinstance(end, date) and not isinstance(end, datetime) and end > start:
        arrives = _local_date(end - ONE_DAY, destination.timezone)  # all-day: DTEND is exclusive
    return Movement(origin, destination, leaves, arrives, _aware(start), _aware(end), label)


def _local_date(value: date | datetime, zone: str | None) -> date:
    """The date where the traveler is: an aware time converted to the place's zone, else as written."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None or zone is None:
        return value.date()
    try:
        return value.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return value.date()


def _aware(value: date | datetime) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _time_order(event: Movement | Stay) -> tuple:
    """By day; on one day, travel before stays; then by the exact time when known."""
    if isinstance(event, Movement):
        at = event.leaves_at.timestamp() if event.leaves_at else 0.0
        return (event.leaves, 0, at)
    return (event.first, 1, 0.0)
