"""The loaner desk's calendar feed: one all-day event per pickup and per return.

UIDs are `loaner-{request id}-pickup@{domain}` and `...-return@{domain}`, so they never change
for a request; SEQUENCE is the request's revision, bumped on every change. Built with
icalendar, with the trip calendars' head (name rules, refresh hints) and text cleaning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Event, vDate, vDatetime, vDuration, vText

from travelprep.calendar.builder import calendar_head
from travelprep.calendar.event_text import lines_of, one_line
from travelprep.calendar.trip_events import ALARM_BEFORE_DAY
from travelprep.engine.date_window import days_after
from travelprep.loaner.lifecycle import STATE_LABELS

PRODID = "-//TravelPrep//Loaner desk calendar//EN"
NAME = "Loaner desk: pickups and returns"
# Bump when the events' layout changes, so that every subscriber's ETag changes with it.
LAYOUT_VERSION = "1"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class LoanEvent:
    """What the calendar shows of one loaner request."""

    request_id: int
    requester: str
    kinds: str
    pickup: date
    return_date: date
    state: str
    revision: int
    devices: tuple[str, ...] = ()
    url: str = ""


def build_loaner_calendar(loans: Iterable[LoanEvent], *, domain: str, now: datetime) -> bytes:
    """The desk's pickups and returns as .ics bytes."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware: DTSTAMP is written in UTC")
    calendar = calendar_head(NAME, prodid=PRODID)
    stamp = vDatetime(now.astimezone(UTC))
    for loan in loans:
        who = one_line(loan.requester) or "a traveler"
        devices = ", ".join(one_line(tag, 60) for tag in loan.devices) or "no device assigned yet"
        what = f"{one_line(loan.kinds).replace(' ', ', ')} ({devices})"
        base = f"loaner-{loan.request_id}"
        cancelled = loan.state in ("declined", "cancelled")
        if loan.state in ("requested", "approved", "ready") or cancelled:
            calendar.add_component(
                _event(
                    f"{base}-pickup@{domain}", f"Pickup: {who}, {what}", loan.pickup, loan, stamp, cancelled
                )
            )
        if loan.state not in ("closed",):
            calendar.add_component(
                _event(
                    f"{base}-return@{domain}",
                    f"Return due: {who}, {what}",
                    loan.return_date,
                    loan,
                    stamp,
                    cancelled,
                )
            )
    return calendar.to_ical()


def loaner_feed_etag(loans: Iterable[LoanEvent], *, domain: str) -> str:
    """A weak ETag for `build_loaner_calendar(loans, domain=domain, ...)`, without building it.

    Every field of a LoanEvent shows in its events, so the tag covers them all. Weak, because
    DTSTAMP differs between two builds of the same calendar.
    """
    digest = hashlib.blake2b(f"{LAYOUT_VERSION}\x1f{NAME}\x1f{domain}".encode(), digest_size=16)
    for loan in loans:
        digest.update(b"\x1e" + repr(astuple(loan)).encode())
    return f'W/"{digest.hexdigest()}"'


def _event(uid: str, summary: str, day: date, loan: LoanEvent, stamp: vDatetime, cancelled: bool) -> Event:
    event = Event()
    event["UID"] = vText(uid)
    event["DTSTAMP"] = stamp
    event["SEQUENCE"] = loan.revision
    event["STATUS"] = vText("CANCELLED" if cancelled else "CONFIRMED")
    event["SUMMARY"] = vText(("Cancelled: " if cancelled else "") + summary)
    event["DTSTART"] = _all_day(day)
    event["DTEND"] = _all_day(days_after(day, 1))
    event["TRANSP"] = vText("TRANSPARENT")
    state = STATE_LABELS.get(loan.state, loan.state)
    description = f"Loaner request {loan.request_id}: {state}.\n{loan.url}".strip()
    event["DESCRIPTION"] = vText(lines_of(description))
    if not cancelled:
        alarm = Alarm()
        alarm["ACTION"] = vText("DISPLAY")
        alarm["DESCRIPTION"] = vText(one_line(summary))
        alarm["TRIGGER"] = vDuration(-ALARM_BEFORE_DAY)
        event.add_component(alarm)
    return event


def _all_day(day: date) -> vDate:
    value = vDate(day)
    value.params["VALUE"] = "DATE"
    return value
