"""A visit's calendar for the host: the visit, and each open dated item with an alarm the day before.

Built with icalendar through the calendar package's own parts (head, descriptions, one-line
text), as a trip's download is: UIDs `visit-{id}@{domain}` and `visit-{id}-{item}@{domain}`
never change, so importing the file again updates the events in place; user text goes in as
vText; alarms use a negative trigger (Outlook drops alarms that fire after the event starts).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Event, vDate, vDatetime, vDuration, vText, vUri

from travelprep.calendar.builder import PRODID, calendar_head
from travelprep.calendar.event_text import item_description, lines_of, one_line
from travelprep.engine.date_window import days_after
from travelprep.engine.visit_checklist import VisitChecklist

ALARM_BEFORE_DAY = timedelta(hours=15)  # 09:00 the day before an all-day event


def visit_calendar(
    checklist: VisitChecklist, *, visit_id: int, visitor: str, url: str, domain: str, now: datetime
) -> bytes:
    """The host's calendar of one visit as .ics bytes (UTF-8, CRLF line ends)."""
    title = f"Visit of {one_line(visitor) or 'a visitor'}"
    calendar = calendar_head(title, prodid=PRODID)
    stamp = vDatetime(now.astimezone(UTC))
    visit = checklist.visit
    whole = _event(f"visit-{visit_id}@{domain}", title, visit.arrive, days_after(visit.depart, 1), stamp, url)
    whole["DESCRIPTION"] = vText(
        lines_of(f"{title}: {visit.arrive} to {visit.depart}.\n\nThe checklist: {url}")
    )
    calendar.add_component(whole)
    for item in checklist.items:
        if item.due is None:
            continue
        event = _event(
            f"visit-{visit_id}-{item.id}@{domain}",
            one_line(item.title),
            item.due,
            days_after(item.due, 1),
            stamp,
            url,
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


def _event(uid: str, summary: str, day: date, end: date, stamp: vDatetime, url: str) -> Event:
    found = Event()
    found["UID"] = vText(uid)
    found["DTSTAMP"] = stamp
    found["SEQUENCE"] = 0  # a saved visit is not edited: its events never change
    found["SUMMARY"] = vText(summary)
    found["DTSTART"] = _all_day(day)
    found["DTEND"] = _all_day(end)
    found["TRANSP"] = vText("TRANSPARENT")  # the host is not away
    found["URL"] = vUri(url)
    return found


def _all_day(day: date) -> vDate:
    value = vDate(day)
    value.params["VALUE"] = "DATE"
    return value
