"""The home page and "My trips": upcoming and past trips, and what is due next across them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.accounts.auth import CurrentUser, OptionalUser
from travelprep.accounts.roles import home_path, is_compliance_staff
from travelprep.calendar.repository import title_of
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.trips.naming import stops_of
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep
from travelprep.web.operations import current_data_status
from travelprep.web.rendering import render

router = APIRouter()
DUE_NEXT_LIMIT = 10


@router.get("/", include_in_schema=False)
async def home(request: Request, user: OptionalUser) -> Response:
    """Signed-in people go to their role's home (My trips, the desk, the staff trip list);
    others see what TravelPrep does."""
    if user is not None:
        return RedirectResponse(home_path(user), status_code=303)
    return render(request, "home.html")


@router.get("/trips", include_in_schema=False)
async def my_trips(
    request: Request, user: CurrentUser, session: SessionDep, rulebook: RulebookDep, today: TodayDep
) -> Response:
    """Upcoming, past and cancelled trips, and the open items due soonest."""
    all_trips = await session.run_sync(trips.list_for, user=user)
    upcoming = [t for t in all_trips if t.status == "active" and t.return_date >= today]
    past = [t for t in all_trips if t.status == "active" and t.return_date < today]
    cancelled = [t for t in all_trips if t.status == "cancelled"]
    # One trip's stale itinerary leaves it out: its own page explains what to fix.
    views = await session.run_sync(trip_service.views_of, trips_=upcoming, rulebook=rulebook, today=today)
    due_next = [(trip, item) for trip, view in views for item in view.open_items_due()]
    due_next.sort(key=lambda pair: (pair[1].item.due, pair[0].departure))
    context = {
        "upcoming": upcoming,
        "past": list(reversed(past)),
        "cancelled": cancelled,
        "due_next": due_next[:DUE_NEXT_LIMIT],
        "today": today,
        # Compliance staff land here: a source past its age limit shows at once, not only on /staff/data.
        "stale": [s for s in current_data_status(request, today) if s.stale]
        if is_compliance_staff(user)
        else [],
        "title_of": title_of,
        "stops_of": stops_of,
    }
    return render(request, "trips/my_trips.html", context)
