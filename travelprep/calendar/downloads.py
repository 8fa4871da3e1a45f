"""The calendar of one itinerary not (yet) saved, as `travelprep checklist --format ics` writes it."""

from __future__ import annotations

from datetime import datetime

from travelprep.calendar.builder import build_calendar
from travelprep.calendar.trips import TripCalendar, trip_title, unsaved_trip_key
from travelprep.engine.checklist import Checklist
from travelprep.engine.itinerary import Itinerary

# A reserved name (RFC 2606): UIDs need a right-hand side, and an unsaved trip has no site.
UNSAVED_DOMAIN = "travelprep.invalid"


def itinerary_calendar(itinerary: Itinerary, checklist: Checklist, *, now: datetime) -> bytes:
    """The .ics of an unsaved itinerary: UIDs from a hash of it, so re-importing updates in place."""
    title = trip_title(itinerary)
    trip = TripCalendar(key=unsaved_trip_key(itinerary), checklist=checklist, title=title)
    return build_calendar([trip], name=title, domain=UNSAVED_DOMAIN, now=now)
