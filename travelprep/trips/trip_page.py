"""The trip page rendered from its rows: the page, its print view and its PDF are one."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from travelprep.accounts import repository as users
from travelprep.accounts.roles import is_compliance_staff
from travelprep.calendar.repository import title_of
from travelprep.db.models import (
    ChecklistChange,
    LoanerRequest,
    ScreeningDecision,
    ScreeningHit,
    Trip,
    TripItem,
    User,
)
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.errors import SignInRequired
from travelprep.loaner import repository as loaner
from travelprep.review import hit_store
from travelprep.review import repository as screening_decisions
from travelprep.review import service as screening_service
from travelprep.review.view import TRAVELER_LABELS, review_hits
from travelprep.trips import lifecycle as trip_lifecycle
from travelprep.trips import service as trip_service
from travelprep.trips.checklist_view import CHANGE_LABELS, STATUS_LABELS, ChecklistView
from travelprep.trips.naming import stops_of
from travelprep.web.rendering import render

PageRows = tuple[
    Trip,
    dict[str, TripItem],
    list[ScreeningDecision],
    list[LoanerRequest],
    list[ScreeningHit],
    ChecklistChange | None,
]


def page_rows(session: Session, *, trip_id: int, user_id: int) -> tuple[User, PageRows]:
    """The user, and the trip (if they may see it) with its statuses, decisions, loans, stored
    screening hits and the change not yet dismissed."""
    user = users.get(session, user_id=user_id)
    if user is None:
        raise SignInRequired()
    trip, statuses = trip_service.visible_trip_with_statuses(session, trip_id=trip_id, user=user)
    decisions = screening_decisions.for_trip(session, trip_id=trip.id)
    stored = hit_store.for_trip(session, trip_id=trip.id)  # marks hits new since a list update
    loans = loaner.requests_for_trip(session, trip_id=trip.id)
    return user, (trip, statuses, decisions, loans, stored, trip_lifecycle.open_changes(session, trip=trip))


def render_trip_page(
    request: Request,
    rows: PageRows,
    user: User,
    rulebook: Rulebook,
    today: date,
    order: str,
    reason_for: str | None = None,
) -> Response:
    trip, statuses, decisions, loans, stored, change = rows
    cleared = screening_decisions.cleared_pairs(decisions)
    checklist = trip_service.checklist_for(trip, rulebook, today, cleared=cleared)
    view = ChecklistView.build(checklist, statuses)
    context = {
        "hits": review_hits(screening_service.screening_of(trip, rulebook), decisions, stored),
        "hit_labels": TRAVELER_LABELS,
        "is_staff": is_compliance_staff(user),
        "trip": trip,
        "title": title_of(trip),
        "stops": stops_of(trip.itinerary),
        "view": view,
        "order": order,
        "groups": view.by_due_date() if order == "due" else view.by_category(),
        "status_labels": STATUS_LABELS,
        "editable": trip.user_id == user.id and trip.status == "active",
        "may_restore": trip.user_id == user.id and trip_lifecycle.may_restore(trip, today),
        "reason_for": reason_for,
        "loans": loans,
        "change": change,
        "change_labels": CHANGE_LABELS,
        "may_request_loaner": trip.user_id == user.id
        and trip.status == "active"
        and any(entry.item.id == "loaner-device" for entry in view.items),
    }
    return render(request, "trips/trip.html", context)
