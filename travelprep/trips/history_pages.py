"""A trip's history: what changed on the trip and on each item, from what to what, by whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from travelprep.accounts import repository as users
from travelprep.accounts.auth import CurrentUser
from travelprep.calendar.repository import title_of
from travelprep.db import audit
from travelprep.db.models import Trip
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.trips.checklist_view import STATUS_LABELS
from travelprep.web.deps import SessionDep
from travelprep.web.rendering import render

router = APIRouter()
_TRIP_EVENTS = {
    "trip.create": "Trip planned",
    "trip.update": "Itinerary changed",
    "trip.rename": "Trip renamed",
    "trip.cancel": "Trip cancelled",
    "trip.restore": "Trip restored",
}


@dataclass(frozen=True)
class Change:
    """One change as the history shows it: when, who, from what to what, and the note."""

    at: datetime
    who: str
    before: str
    after: str
    note: str = ""


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, "No longer applies" if status == "dropped" else status)


def _history(session: Session, trip: Trip) -> tuple[list[Change], list[tuple[str, list[Change]]]]:
    """The trip's own events, then each item's changes with the status before each."""
    names: dict[int | None, str] = {None: "TravelPrep"}

    def who(actor_id: int | None) -> str:
        if actor_id not in names:
            actor = users.get(session, user_id=actor_id)
            names[actor_id] = actor.email if actor else "someone"
        return names[actor_id]

    events = []
    for event in audit.for_object(session, object_type="trip", object_id=trip.id):
        if event.action in _TRIP_EVENTS:
            detail = event.detail or {}
            note = ""
            if event.action == "trip.rename":
                name = detail.get("name")
                note = f'Now called "{name}"' if name else "Named by its cities again"
            elif detail.get("dropped"):
                note = "No longer applies: " + ", ".join(detail["dropped"])
            events.append(Change(event.at, who(event.actor_id), "", _TRIP_EVENTS[event.action], note))
    items = []
    for row in trips.item_statuses(session, trip_id=trip.id).values():
        before, changes = "To do", []
        for change in trips.history(session, trip_item_id=row.id):
            after = _label(change.status)
            changes.append(Change(change.at, who(change.actor_id), before, after, change.note))
            before = after
        items.append((row.title, changes))
    return events, items


@router.get("/trips/{trip_id}/history", include_in_schema=False)
async def item_history(request: Request, trip_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Every change of the trip and of every item of its checklist."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    events, items = await session.run_sync(_history, trip)
    context = {"trip": trip, "title": title_of(trip), "events": events, "items": items}
    return render(request, "trips/trip_history.html", context)
