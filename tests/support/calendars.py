"""Reading generated calendars in tests: two independent parsers, events by UID."""

from __future__ import annotations

import icalendar
from ical.calendar_stream import IcsCalendarStream


def parse_both(data: bytes):
    """The calendar as icalendar reads it and as the strict `ical` package reads it."""
    lenient = icalendar.Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return lenient, strict


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
