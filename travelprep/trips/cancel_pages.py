"""Cancelling a trip asks first, says what follows, and can be undone until departure."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.accounts.auth import CurrentUser
from travelprep.calendar.repository import title_of
from travelprep.loaner import repository as loaner
from travelprep.loaner.lifecycle import ACTIVE_STATES, STATE_LABELS
from travelprep.trips import lifecycle as trip_lifecycle
from travelprep.trips import service as trip_service
from travelprep.web.deps import SessionDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()


@router.get("/trips/{trip_id}/cancel", include_in_schema=False)
async def confirm_cancel(
    request: Request, trip_id: int, user: CurrentUser, session: SessionDep, today: TodayDep
) -> Response:
    """What cancelling does to the loaner requests and calendar events, and a button to go ahead."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    if trip.status == "cancelled":
        return RedirectResponse(f"/trips/{trip.id}", status_code=303)
    loans = await session.run_sync(lambda db: loaner.requests_for_trip(db, trip_id=trip.id))
    context = {
        "trip": trip,
        "title": title_of(trip),
        "open_loans": [loan for loan in loans if loan.state in ACTIVE_STATES],
        "loan_labels": STATE_LABELS,
        "undo_until": trip.departure if today < trip.departure else None,
    }
    return render(request, "trips/trip_cancel.html", context)


@router.post("/trips/{trip_id}/cancel", include_in_schema=False)
async def cancel_trip(trip_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Cancel the trip and keep its record; its page then offers to restore it."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(trip_lifecycle.cancel_trip, trip=trip, user=user)
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}#cancelled", status_code=303)


@router.post("/trips/{trip_id}/restore", include_in_schema=False)
async def restore_trip(trip_id: int, user: CurrentUser, session: SessionDep, today: TodayDep) -> Response:
    """Undo the cancellation (409 once the trip would have departed)."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(trip_lifecycle.restore_trip, trip=trip, user=user, today=today)
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}", status_code=303)
