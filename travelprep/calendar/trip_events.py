"""The events of one trip as icalendar components: the trip, its reminders and its dated items.

All are all-day events (DTEND is the day after, exclusive). Reminders and items alarm at
09:00 the day before, through a negative trigger: Outlook drops alarms that fire after an
event starts. DTSTAMP is left to the builder, which stamps every event with `now`.
"""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Alarm, Event, vDate, vDuration, vText, vUri

from travelprep.calendar.event_text import item_description, lines_of, one_line
from travelprep.calendar.trips import TripCalendar
from travelprep.engine.checklist import ChecklistItem
from travelprep.engine.date_window import days_after

ALARM_BEFORE_DAY = timedelta(hours=15)  # 09:00 the day before an all-day event
ONE_DAY = timedelta(days=1)


def trip_events(trip: TripCalendar, domain: str) -> list[Event]:
    """The trip, one reminder per `reminder_days`, and one event per open item with a due date."""
    return _TripEvents(trip, domain).all()


class _TripEvents:
    """The properties every event of one trip shares, made once."""

    def __init__(self, trip: TripCalendar, domain: str) -> None:
        self.trip = trip
        self.domain = domain
        self.title = one_line(trip.title) or "Trip"
        self.status = vText("CANCELLED" if trip.cancelled else "CONFIRMED")
        self.prefix = "Cancelled: " if trip.cancelled else ""
        self.page = f"\n\nYour trip checklist: {trip.url}" if trip.url else ""
        self.sequence = trip.sequence

    def all(self) -> list[Event]:
        trip, dates = self.trip, self.trip.checklist.trip
        leave, back = _day(dates.departure), _day(dates.return_)
        places = ", ".join(one_line(d.name) for d in trip.checklist.destinations)
        whole = self._event(
            trip.key,
            self.title,
            dates.departure,
            days_after(dates.return_, 1),
            f"{self.title}: you leave on {leave} and are back on {back}.\nDestinations: {places}{self.page}",
        )
        whole["LOCATION"] = vText(places)
        whole["TRANSP"] = vText("OPAQUE")  # the traveler is away
        events = [whole]
        for days in trip.reminder_days:
            day = days_after(dates.departure, -days)
            when = "tomorrow" if days == 1 else f"in {days} days"
            reminder = self._event(
                f"{trip.key}-departure-minus-{days}d",
                f"{self.title}: you leave {when}",
                day,
                days_after(day, 1),
                f"You leave on {leave}. The items due before then are in this calendar on their "
                f"due dates.{self.page}",
            )
            events.append(self._with_alarm(reminder, f"{self.title}: you leave on {leave}"))
        for item in trip.checklist.items:
            if item.due is not None and item.id not in trip.done_items:
                events.append(self._item(item))
        return events

    def _item(self, item: ChecklistItem) -> Event:
        title = one_line(item.title)
        found = self._event(
            f"{self.trip.key}-{item.id}",
            title,
            item.due,
            days_after(item.due, 1),
            item_description(item, self.trip.url),
        )
        found["CATEGORIES"] = vText(str(item.category).replace("_", " ").capitalize())
        return self._with_alarm(found, f"Due tomorrow: {title}")

    def _event(self, uid: str, summary: str, day: date, end: date, description: str) -> Event:
        found = Event()
        found["UID"] = vText(f"{uid}@{self.domain}")
        found["SEQUENCE"] = self.sequence
        found["STATUS"] = self.status
        found["SUMMARY"] = vText(self.prefix + summary)
        found["DTSTART"] = _all_day(day)
        found["DTEND"] = _all_day(end)
        found["DESCRIPTION"] = vText(lines_of(description))
        if self.trip.url:
            found["URL"] = vUri(self.trip.url)
        return found

    def _with_alarm(self, event: Event, message: str) -> Event:
        """A deadline does not block time, and alarms the day before unless the trip is cancelled."""
        event["TRANSP"] = vText("TRANSPARENT")
        if not self.trip.cancelled:  # nobody should be alerted for a trip that will not happen
            alarm = Alarm()
            alarm["ACTION"] = vText("DISPLAY")
            alarm["DESCRIPTION"] = vText(message)
            alarm["TRIGGER"] = vDuration(-ALARM_BEFORE_DAY)
            event.subcomponents.append(alarm)
        return event


def _all_day(day: date) -> vDate:
    value = vDate(day)
    value.params["VALUE"] = "DATE"
    return value


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
