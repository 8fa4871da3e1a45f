"""A traveler's trip: new-trip form, the trip page with its checklist, edit, tick, cancel."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from travelprep.accounts import repository as users
from travelprep.accounts.auth import CurrentUser, SignedInUserId
from travelprep.accounts.roles import is_compliance_staff
from travelprep.db.models import ItemStatusChange, LoanerRequest, ScreeningDecision, Trip, TripItem, User
from travelprep.errors import SignInRequired
from travelprep.loaner import repository as loaner
from travelprep.review import repository as screening_decisions
from travelprep.review import service as screening_service
from travelprep.review.view import TRAVELER_LABELS, review_hits
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.trips.checklist_view import STATUS_LABELS, ChecklistView
from travelprep.trips.form import ItineraryForm, Submission
from travelprep.trips.page_state import TripPageState, Viewer, page_state
from travelprep.web.deps import FormDep, RulebookDep, SessionDep, TodayDep
from travelprep.web.lru import LruCache
from travelprep.web.rendering import render

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook

router = APIRouter()
_rendered_pages: LruCache[bytes] = LruCache(256)


def _form_page(
    request: Request, submission: Submission, *, trip: Trip | None = None, status_code: int = 200
) -> Response:
    context = {
        "submission": submission,
        "trip": trip,
        "form_action": f"/trips/{trip.id}/edit" if trip else "/trips/new",
        "submit_label": "Save changes" if trip else "Save trip",
    }
    return render(request, "trips/trip_form.html", context, status_code)


def _status_for(submission: Submission) -> int:
    return 400 if submission.errors else 200


@router.get("/trips/new", include_in_schema=False)
async def new_trip_form(request: Request, user: CurrentUser) -> Response:
    """An itinerary form with the traveler's remembered details filled in."""
    profile = user.profile or {"name": user.name, "email": user.email}
    form = ItineraryForm.from_profile(profile, request.app.state.choices)
    return _form_page(request, Submission(form, "new"))


@router.post("/trips/new", include_in_schema=False)
async def create_trip(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    form: FormDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Save the trip and go to its page, or show the form again with the errors."""
    submission = Submission.read(form, request.app.state.choices)
    if submission.itinerary is None:
        return _form_page(request, submission, status_code=_status_for(submission))
    trip = await session.run_sync(
        trip_service.create_trip,
        user=user,
        itinerary=submission.itinerary,
        rulebook=rulebook,
        today=today,
    )
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}", status_code=303)


@router.get("/trips/{trip_id}", include_in_schema=False)
async def trip_page(
    request: Request,
    trip_id: int,
    user_id: SignedInUserId,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    order: Literal["category", "due"] = "category",
) -> Response:
    """The checklist with due dates, badges, reasons, links, statuses and progress."""
    # One query for the signed-in user and the page's state: the trip page is the one most
    # viewed, and on PostgreSQL a round trip is about a third of a cached view's CPU time.
    viewer, state = await session.run_sync(page_state, trip_id=trip_id, viewer_id=user_id)
    request.state.user = viewer  # the access log names them; an error page shows who is signed in
    state = trip_service.visible_page_state(viewer, state)
    # The page is a pure function of its state, who looks, the day and the order (the
    # rulebook is fixed per process), so a page seen before is served without loading it.
    html = _rendered_pages.get((state, viewer, today, order))
    if html is None:
        user, rows = await session.run_sync(_page_rows, trip_id=trip_id, user_id=user_id)
        request.state.user = user
        html = _render_trip_page(request, rows, user, rulebook, today, order)
        # Stored under the state of the rows it was rendered from: a change made between the
        # two reads then misses next time instead of being served under the older state.
        trip, statuses, decisions, loans = rows
        state = TripPageState.of(trip, statuses.values(), decisions, loans)
        _rendered_pages.put((state, Viewer.of(user), today, order), html)
    return HTMLResponse(html)


PageRows = tuple[Trip, dict[str, TripItem], list[ScreeningDecision], list[LoanerRequest]]


def _page_rows(session: Session, *, trip_id: int, user_id: int) -> tuple[User, PageRows]:
    user = users.get(session, user_id=user_id)
    if user is None:
        raise SignInRequired()
    trip, statuses = trip_service.visible_trip_with_statuses(session, trip_id=trip_id, user=user)
    decisions = screening_decisions.for_trip(session, trip_id=trip.id)
    return user, (trip, statuses, decisions, loaner.requests_for_trip(session, trip_id=trip.id))


def _render_trip_page(
    request: Request, rows: PageRows, user: User, rulebook: Rulebook, today: date, order: str
) -> bytes:
    trip, statuses, decisions, loans = rows
    cleared = screening_decisions.cleared_pairs(decisions)
    checklist = trip_service.checklist_for(trip, rulebook, today, cleared=cleared)
    view = ChecklistView.build(checklist, statuses)
    context = {
        "hits": review_hits(screening_service.screening_of(trip, rulebook), decisions),
        "hit_labels": TRAVELER_LABELS,
        "is_staff": is_compliance_staff(user),
        "trip": trip,
        "view": view,
        "order": order,
        "groups": view.by_due_date() if order == "due" else view.by_category(),
        "status_labels": STATUS_LABELS,
        "editable": trip.user_id == user.id and trip.status == "active",
        "loans": loans,
        "may_request_loaner": trip.user_id == user.id
        and trip.status == "active"
        and any(entry.item.id == "loaner-device" for entry in view.items),
    }
    return bytes(render(request, "trips/trip.html", context).body)


@router.get("/trips/{trip_id}/edit", include_in_schema=False)
async def edit_trip_form(request: Request, trip_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """The itinerary form filled from the saved trip."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    form = ItineraryForm.from_itinerary(trip.itinerary, request.app.state.choices)
    return _form_page(request, Submission(form, "edit"), trip=trip)


@router.post("/trips/{trip_id}/edit", include_in_schema=False)
async def edit_trip(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    form: FormDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Save the edited itinerary; statuses of items that still apply are kept."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    submission = Submission.read(form, request.app.state.choices)
    if submission.itinerary is None:
        return _form_page(request, submission, trip=trip, status_code=_status_for(submission))
    await session.run_sync(
        trip_service.update_trip,
        trip=trip,
        user=user,
        itinerary=submission.itinerary,
        rulebook=rulebook,
        today=today,
    )
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}", status_code=303)


@router.post("/trips/{trip_id}/items/{item_id}", include_in_schema=False)
async def set_item_status(
    trip_id: int,
    item_id: str,
    user: CurrentUser,
    session: SessionDep,
    status: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    order: Annotated[str, Form()] = "category",
) -> Response:
    """Mark an item done, not applicable (with a note), or open again."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(
        trip_service.set_status, trip=trip, user=user, item_id=item_id, status=status, note=note
    )
    await session.commit()
    order = "due" if order == "due" else "category"
    return RedirectResponse(f"/trips/{trip.id}?order={order}#item-{item_id}", status_code=303)


@router.post("/trips/{trip_id}/cancel", include_in_schema=False)
async def cancel_trip(trip_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Cancel the trip and keep its record."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(trip_service.cancel_trip, trip=trip, user=user)
    await session.commit()
    return RedirectResponse("/trips", status_code=303)


def _changes_of(session: Session, trip: Trip) -> list[tuple[TripItem, list[ItemStatusChange]]]:
    rows = trips.item_statuses(session, trip_id=trip.id)
    return [(row, trips.history(session, trip_item_id=row.id)) for row in rows.values()]


@router.get("/trips/{trip_id}/history", include_in_schema=False)
async def item_history(request: Request, trip_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Every status change of every item of the trip."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    changes = await session.run_sync(_changes_of, trip)
    context = {"trip": trip, "changes": changes, "status_labels": STATUS_LABELS}
    return render(request, "trips/trip_history.html", context)
