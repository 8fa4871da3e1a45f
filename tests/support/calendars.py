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


def hostile_time_zone(freq: str = "HOURLY", blocks: int = 2) -> bytes:
    """The red team's calendar: a VTIMEZONE whose rules repeat from 1601, and one flight in it."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Red team//EN", "BEGIN:VTIMEZONE", "TZID:Evil"]
    for block in range(blocks):
        lines += [
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            f"RRULE:FREQ={freq}",
            f"TZOFFSETFROM:+0{block % 9}00",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
        ]
    lines += [
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:1@red-team",
        "DTSTAMP:20261101T000000Z",
        "SUMMARY:Flight BOS to PVG",
        "DTSTART;TZID=Evil:20270101T100000",
        "DTEND;TZID=Evil:20270101T200000",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()
