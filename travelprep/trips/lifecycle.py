"""A saved trip's life after it is made: its name, cancelling it (and undoing that), and the
checklist changes its traveller has seen.

Like service.py, functions here change the session and write the audit log; the handler commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from travelprep.db import audit
from travelprep.db.models import ChecklistChange, Trip, User, utcnow
from travelprep.errors import TravelPrepError
from travelprep.reevaluation import repository as checklist_versions
from travelprep.trips import repository as trips


def cancel_trip(session: Session, *, trip: Trip, user: User) -> None:
    """Cancel the trip; its record and checklist history stay."""
    trips.cancel(session, trip=trip)
    audit.record(session, actor=user, action="trip.cancel", object_type="trip", object_id=trip.id)


def may_restore(trip: Trip, today: date) -> bool:
    """A cancelled trip can be restored until the day it would have departed."""
    return trip.status == "cancelled" and today < trip.departure


class TripDeparted(TravelPrepError):
    """The trip's departure day has come: a cancellation can no longer be undone."""

    status_code = 409


def restore_trip(session: Session, *, trip: Trip, user: User, today: date) -> None:
    """Undo a cancellation while the trip has not departed; calendars show it again."""
    if trip.status != "cancelled":
        return
    if not may_restore(trip, today):
        raise TripDeparted(
            f"This trip would have left on {trip.departure.isoformat()}, so its cancellation can no "
            "longer be undone. Plan it again as a new trip if you are still going."
        )
    trips.restore(session, trip=trip)
    audit.record(session, actor=user, action="trip.restore", object_type="trip", object_id=trip.id)


def rename_trip(session: Session, *, trip: Trip, user: User, name: str | None) -> None:
    """Give the trip its own name (None: the default, its cities); calendars then update."""
    if (trip.name or None) == name:
        return
    trips.rename(session, trip=trip, name=name)
    audit.record(
        session,
        actor=user,
        action="trip.rename",
        object_type="trip",
        object_id=trip.id,
        detail={"name": name},
    )


def open_changes(session: Session, *, trip: Trip) -> ChecklistChange | None:
    """The newest diff of the trip's checklist the traveler has not dismissed, if any."""
    return checklist_versions.open_change(session, trip_id=trip.id)


def dismiss_changes(session: Session, *, trip: Trip, user: User, up_to: int) -> None:
    """Hide "Changed since you last looked" up to the diff the traveler saw (not newer ones)."""
    dismissed = checklist_versions.acknowledge(session, trip_id=trip.id, up_to=up_to, now=utcnow())
    if dismissed:
        audit.record(
            session, actor=user, action="trip.changes_seen", object_type="trip", object_id=trip.id,
            detail={"up_to": up_to},
        )  # fmt: skip
