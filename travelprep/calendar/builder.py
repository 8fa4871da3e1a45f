"""`build_calendar`: trips and their checklists as one RFC 5545 calendar, a download or a feed.

What goes in is described in `trip_events`. The choices a subscriber notices:
- Items done or not applicable LEAVE the calendar: a deadline already met is noise, and a
  subscribed client deletes an event the feed no longer lists. The trip and its reminders stay.
- A cancelled trip's events all stay, marked STATUS:CANCELLED, titled "Cancelled: ...", and
  without alarms, until the caller stops passing the trip.
- UIDs are `{key}@{domain}`, `{key}-{item id}@{domain}` and `{key}-departure-minus-{n}d@{domain}`,
  so they never change for a trip and a moved deadline moves its event. SEQUENCE is the
  caller's; DTSTAMP is `now`.

Every content line is written by icalendar, and folded as icalendar folds it (folding.py
does the same, faster). Serializing a trip's events is still the costly part, so each trip's
serialized events are kept, keyed by a fingerprint of everything they show; a build then
stamps each with DTSTAMP and joins them.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from threading import Lock

from icalendar import Calendar, vDatetime, vDuration, vText
from icalendar.parser import Contentline, Parameters

from travelprep.calendar.event_text import one_line
from travelprep.calendar.folding import serialize
from travelprep.calendar.trip_events import trip_events
from travelprep.calendar.trips import DEFAULT_REFRESH, TripCalendar, content_fingerprint

PRODID = "-//TravelPrep//Trip checklist calendar//EN"
_BEGIN_EVENT = b"BEGIN:VEVENT\r\n"
_END_CALENDAR = b"END:VCALENDAR\r\n"
_NEEDS_ESCAPE = re.compile(r"\s*[,;]\s*")
_DOMAIN = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*$")


def build_calendar(
    trips: Iterable[TripCalendar],
    *,
    name: str,
    domain: str,
    refresh: timedelta = DEFAULT_REFRESH,
    now: datetime,
) -> bytes:
    """The calendar of these trips as .ics bytes (UTF-8, CRLF line ends)."""
    if not _DOMAIN.match(domain):
        raise ValueError(f"UID domain {domain!r}: expected a host name such as travelprep.example.edu")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware: DTSTAMP is written in UTC")
    if refresh <= timedelta(0):
        raise ValueError("refresh must be a positive duration")
    head = calendar_head(name, prodid=PRODID, refresh=refresh).to_ical()
    stamp_line = Contentline.from_parts("DTSTAMP", Parameters(), vDatetime(now.astimezone(UTC)))
    stamp = stamp_line.to_ical() + b"\r\n"
    parts = [head.removesuffix(_END_CALENDAR)]
    for trip in trips:
        for event in _serialized_events(trip, domain):
            parts += (_BEGIN_EVENT, stamp, event)
    parts.append(_END_CALENDAR)
    return b"".join(parts)


def calendar_head(name: str, *, prodid: str, refresh: timedelta = DEFAULT_REFRESH) -> Calendar:
    """A calendar without events: product id, name, and how often a subscribed app should refresh."""
    calendar = Calendar()
    calendar.add("PRODID", prodid)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    title = vText(calendar_name(name))
    calendar.add("NAME", title)
    calendar.add("X-WR-CALNAME", title)  # as vText: a plain str in an X- property is written verbatim
    calendar.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    return calendar


def calendar_name(name: str) -> str:
    """The name as one line without , ; or \\ , which need escapes that many readers leave in."""
    # icalendar and ical both read X-WR-CALNAME and NAME raw, and so do some calendar apps.
    return _NEEDS_ESCAPE.sub(" / ", one_line(name)).replace("\\", "/") or "TravelPrep"


class _SerializedTrips:
    """Each trip's events as icalendar wrote them (each after its BEGIN line), bounded, thread-safe."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[bytes, ...]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str) -> tuple[bytes, ...] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, events: tuple[bytes, ...]) -> None:
        with self._lock:
            self._entries[key] = events
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# About 30 kB a trip: a few hundred travelers' feeds stay warm in a few MB.
SERIALIZED_TRIPS = _SerializedTrips(size=512)


def _serialized_events(trip: TripCalendar, domain: str) -> tuple[bytes, ...]:
    key = content_fingerprint(trip, domain)
    found = SERIALIZED_TRIPS.get(key)
    if found is None:
        found = tuple(serialize(event).removeprefix(_BEGIN_EVENT) for event in trip_events(trip, domain))
        SERIALIZED_TRIPS.put(key, found)
    return found
