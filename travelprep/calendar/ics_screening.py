"""What an uploaded .ics must pass before icalendar parses it, and what is cut out first.

Parsing costs far more than these checks, and some of a file's content costs without bound:
icalendar expands a VTIMEZONE's rules when it reads the zone, so one zone with an hourly or
secondly RRULE from the year 1601 held a server for minutes. An itinerary needs dates, not a
zone's history, so time-zone definitions never reach the parser: a TZID that tzdata knows
(or a Windows name for one) still reads as that zone, and any other reads as the wall time
written, which is the local date the traveler sees.
"""

from __future__ import annotations

from icalendar.parser import Contentlines

MAX_EVENTS = 500
MAX_COMPONENTS = 4 * MAX_EVENTS + 100  # a trip's events, each with an alarm or two, and zones
MAX_LINES = 40 * MAX_EVENTS
MAX_DEPTH = 4  # VCALENDAR > VEVENT > VALARM is as deep as a trip goes


class UnreadableIcs(ValueError):
    """The upload is not a calendar we can read; the message says why and what to do."""


def screened_calendar_text(data: bytes, max_bytes: int) -> str:
    """The upload as text for the parser, without time-zone definitions; UnreadableIcs if refused."""
    refuse_oversized(data, max_bytes)
    if not data.strip():
        raise UnreadableIcs("The file is empty.")
    if b"\x00" in data:
        raise UnreadableIcs("This is not a calendar file (it holds binary data). Upload an .ics file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableIcs("The file is not UTF-8 text, so it is not an .ics calendar export.") from None
    head = text.lstrip()[:64].upper()
    if head.startswith("BEGIN:VCARD"):
        raise UnreadableIcs("This is a contact card (vCard), not a calendar. Upload an .ics file.")
    if not head.startswith("BEGIN:VCALENDAR"):
        raise UnreadableIcs("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR.")
    if "END:VCALENDAR" not in text.upper():
        raise UnreadableIcs("The calendar file is cut off (it has no END:VCALENDAR). Download it again.")
    return "\r\n".join(_without_time_zones(text)) + "\r\n"


def refuse_oversized(data: bytes, max_bytes: int) -> None:
    """UnreadableIcs if the upload is too large or has too many lines or entries to be a trip.

    Cheap enough for the event loop (C-speed scans of the bytes), so the worst uploads are
    refused before any thread or parser is involved.
    """
    if len(data) > max_bytes:
        raise UnreadableIcs(
            f"The file is larger than the limit of {_size(max_bytes)}. Export only the trip's events."
        )
    lines, components = data.count(b"\n"), data.upper().count(b"BEGIN")
    if lines > MAX_LINES or components > MAX_COMPONENTS:
        raise _too_many(f"{lines:,} lines and {components:,} entries")


def _without_time_zones(text: str) -> list[str]:
    """The unfolded content lines, VTIMEZONE blocks left out, counted against the limits."""
    # icalendar's own unfolding and line splitting, so both see the same lines.
    lines = Contentlines.from_ical(text)
    if len(lines) > MAX_LINES:
        raise _too_many(f"{len(lines):,} lines")
    kept: list[str] = []
    events = components = depth = skipping = 0
    for line in lines:
        keyword, value = _keyword_and_value(line)
        if keyword == "BEGIN":
            components, depth = components + 1, depth + 1
            events += value == "VEVENT"
            if depth > MAX_DEPTH:
                raise UnreadableIcs("The calendar nests entries too deeply to be a trip's calendar.")
            if skipping or value == "VTIMEZONE":
                skipping += 1
                continue
        elif keyword == "END":
            depth = max(depth - 1, 0)
            if skipping:
                skipping -= 1
                continue
        if not skipping and line:
            kept.append(line)
    if events > MAX_EVENTS or components > MAX_COMPONENTS:
        raise _too_many(f"{events:,} events and {components:,} entries in all")
    return kept


def _keyword_and_value(line: str) -> tuple[str, str]:
    if line[:3].upper() not in ("BEG", "END"):
        return "", ""
    try:
        name, _params, value = line.parts()
    except ValueError:
        return "", ""  # icalendar refuses the same line
    return name.upper(), value.strip().upper()


def _too_many(what: str) -> UnreadableIcs:
    return UnreadableIcs(
        f"The calendar has {what}, more than a trip can have ({MAX_EVENTS} events). "
        "Export only the trip's events."
    )


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    return f"{count / 1000:g} kB" if count >= 10_000 else f"{count:,} bytes"
