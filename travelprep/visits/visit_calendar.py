"""A visit's calendar for the host: the visit, and each open dated item with an alarm the day before.

Built with icalendar through the calendar package's own parts (head, descriptions, one-line
text), as a trip's download is: UIDs `visit-{id}@{domain}` and `visit-{id}-{item}@{domain}`
never change and SEQUENCE grows with each edit, so importing the file again updates the events
in place; user text goes in as vText; alarms use a negative trigger (Outlook drops alarms that
fire after the event starts). Items the host marked done or not applicable are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Event, vDate, vDatetime, vDuration, vText, vUri

from travelprep.calendar.builder import PRODID, calendar_head
from travelprep.calendar.event_text import item_description, lines_of, one_line
from travelprep.engine.date_window import days_after
from travelprep.engine.visit_checklist import VisitChecklist

ALARM_BEFORE_DAY = timedelta(hours=15)  # 09:00 the day before an all-day event


def visit_calendar(
    checklist: VisitChecklist,
    *,
    visit_id: int,
    visitor: str,
    url: str,
    domain: str,
    now: datetime,
    sequence: int = 0,
    cancelled: bool = False,
    closed: frozenset[str] = frozenset(),
) -> bytes:
    """The host's calendar of one visit as .ics bytes (UTF-8, CRLF line ends).

    `sequence` grows with each edit, cancellation and restore, so an imported copy updates in
    place; a cancelled visit's events stay, marked cancelled, as a cancelled trip's do.
    """
    title = f"Visit of {one_line(visitor) or 'a visitor'}"
    calendar = calendar_head(title, prodid=PRODID)
    stamp = vDatetime(now.astimezone(UTC))
    visit = checklist.visit
    mark = _Mark(sequence, cancelled)
    whole = _event(
        f"visit-{visit_id}@{domain}", title, visit.arrive, days_after(visit.depart, 1), stamp, url, mark
    )
    whole["DESCRIPTION"] = vText(
        lines_of(f"{title}: {visit.arrive} to {visit.depart}.\n\nThe checklist: {url}")
    )
    calendar.add_component(whole)
    for item in checklist.items:
        if item.due is None or item.id in closed:
            continue
        event = _event(
            f"visit-{visit_id}-{item.id}@{domain}",
            one_line(item.title),
            item.due,
            days_after(item.due, 1),
            stamp,
            url,
            mark,
        )
        event["DESCRIPTION"] = vText(
            lines_of(item_description(item, None) + f"\n\nThe visit's checklist: {url}")
        )
        event["CATEGORIES"] = vText(str(item.category).replace("_", " ").capitalize())
        alarm = Alarm()
        alarm["ACTION"] = vText("DISPLAY")
        alarm["DESCRIPTION"] = vText(f"Due tomorrow: {one_line(item.title)}")
        alarm["TRIGGER"] = vDuration(-ALARM_BEFORE_DAY)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass(frozen=True)
class _Mark:
    sequence: int
    cancelled: bool


def _event(uid: str, summary: str, day: date, end: date, stamp: vDatetime, url: str, mark: _Mark) -> Event:
    found = Event()
    found["UID"] = vText(uid)
    found["DTSTAMP"] = stamp
    found["SEQUENCE"] = mark.sequence
    found["STATUS"] = vText("CANCELLED" if mark.cancelled else "CONFIRMED")
    found["SUMMARY"] = vText(f"Cancelled: {summary}" if mark.cancelled else summary)
    found["DTSTART"] = _all_day(day)
    found["DTEND"] = _all_day(end)
    found["TRANSP"] = vText("TRANSPARENT")  # the host is not away
    found["URL"] = vUri(url)
    return found


def _all_day(day: date) -> vDate:
    value = vDate(day)
    value.params["VALUE"] = "DATE"
    return value
