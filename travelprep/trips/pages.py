"""A traveler's trip: new-trip form, the trip page with its checklist, edit, tick."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from travelprep.accounts.auth import CurrentUser, SignedInDep
from travelprep.db.engine import begin_writing
from travelprep.db.models import Trip
from travelprep.trips import cancel_pages, history_pages, pdf_pages
from travelprep.trips import lifecycle as trip_lifecycle
from travelprep.trips import service as trip_service
from travelprep.trips.check_draft import decode_draft
from travelprep.trips.edits import StaleEdit
from travelprep.trips.form import ItineraryForm, Submission
from travelprep.trips.page_state import TripPageState, Viewer, page_state
from travelprep.trips.trip_page import page_rows, render_trip_page
from travelprep.web.deps import (
    ChoicesDep,
    FormDep,
    PageCacheDep,
    RulebookDep,
    RulebookVersionDep,
    SessionDep,
    TodayDep,
)
from travelprep.web.rendering import render

if TYPE_CHECKING:
    from travelprep.engine.itinerary import Itinerary
    from travelprep.engine.rules.rulebook import Rulebook

router = APIRouter()


def _form_page(
    request: Request,
    submission: Submission,
    *,
    trip: Trip | None = None,
    status_code: int = 200,
    version: int | None = None,
    stale: StaleEdit | None = None,
    **notes: bool,
) -> Response:
    context = notes | {
        "submission": submission,
        "trip": trip,
        "form_action": f"/trips/{trip.id}/edit" if trip else "/trips/new",
        "submit_label": "Save changes" if trip else "Save trip",
        # The version the form was read at: a save over a newer one is shown `stale` instead.
        "version": version,
        "stale": stale,
    }
    return render(request, "trips/trip_form.html", context, status_code)


def _read_version(form: FormData) -> int | None:
    """The trip version an edit form carries; None when absent (a form from before versions)."""
    value = form.get("version")
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return None


@dataclass(frozen=True)
class _Entered:
    """A submitted itinerary form, with the rulebook and the day to save it with."""

    submission: Submission
    rulebook: Rulebook
    today: date


async def _read_entered(
    form: FormDep, choices: ChoicesDep, rulebook: RulebookDep, today: TodayDep
) -> _Entered:
    submission = Submission.read(form, choices, window=rulebook.policy.date_window, today=today)
    return _Entered(submission, rulebook, today)


EnteredItinerary = Annotated[_Entered, Depends(_read_entered)]


async def _save_or_show_errors(
    request: Request,
    session: SessionDep,
    submission: Submission,
    save: Callable[[Session, Itinerary], Trip],
) -> Response:
    """Save a valid itinerary with `save`, commit and go to the trip; else show the form's errors."""
    if submission.itinerary is None:
        status_code = 400 if submission.errors else 200
        return _form_page(request, submission, status_code=status_code)
    await session.commit()  # end the reads: on SQLite the save then waits for the write lock
    await session.run_sync(begin_writing)  # instead of failing if another writer commits first
    saved = await session.run_sync(save, submission.itinerary)
    await session.commit()
    return RedirectResponse(f"/trips/{saved.id}", status_code=303)


@router.get("/trips/new", include_in_schema=False)
async def new_trip_form(
    request: Request, user: CurrentUser, choices: ChoicesDep, draft: str | None = None
) -> Response:
    """An itinerary form with the traveler's remembered details filled in, and a quick check's
    answers when `draft` carries them (the traveler's own typing wins over the profile)."""
    profile = user.profile or {"name": user.name, "email": user.email}
    carried = decode_draft(draft) if draft else None
    if carried is None:
        form = ItineraryForm.from_profile(profile, choices)
        return _form_page(request, Submission(form, "new"), draft_lost=draft is not None)
    typed = {key: value for key, value in (carried.get("traveler") or {}).items() if value}
    form = ItineraryForm.from_itinerary(carried | {"traveler": profile | typed}, choices)
    return _form_page(request, Submission(form, "import"), from_check=True)


@router.post("/trips/new", include_in_schema=False)
async def create_trip(
    request: Request, user: CurrentUser, session: SessionDep, entered: EnteredItinerary
) -> Response:
    """Save the trip and go to its page, or show the form again with the errors."""
    rulebook, today = entered.rulebook, entered.today

    def save(db: Session, itinerary: Itinerary) -> Trip:
        trip = trip_service.create_trip(db, user=user, itinerary=itinerary, rulebook=rulebook, today=today)
        trip_lifecycle.rename_trip(db, trip=trip, user=user, name=entered.submission.name)
        return trip

    return await _save_or_show_errors(request, session, entered.submission, save)


@router.get("/trips/{trip_id}", include_in_schema=False)
async def trip_page(
    request: Request,
    trip_id: int,
    signed_in: SignedInDep,
    session: SessionDep,
    rulebook: RulebookDep,
    version: RulebookVersionDep,
    pages: PageCacheDep,
    today: TodayDep,
    order: Literal["category", "due"] = "category",
    reason_for: str | None = None,
) -> Response:
    """The checklist with due dates, badges, reasons, links, statuses and progress.

    `reason_for` names a required item just marked not applicable without a reason: the page
    then opens its reason box with the message (and is not cached).
    """
    # One query for the signed-in user and the page's state: the trip page is the one most
    # viewed, and rendering it afresh costs about five times serving it again.
    user_id = signed_in.user_id
    viewer, state = await session.run_sync(page_state, trip_id=trip_id, viewer_id=user_id)
    signed_in.still_valid(request, viewer.session_version if viewer else None)
    request.state.user = viewer  # the access log names them; an error page shows who is signed in
    state = trip_service.visible_page_state(viewer, state)
    # The page is a pure function of its state, who looks, the day, the order and the rulebook.
    if reason_for:  # a one-off state (the message shown once): rendered, never cached
        user, rows = await session.run_sync(page_rows, trip_id=trip_id, user_id=user_id)
        request.state.user = user
        return render_trip_page(request, rows, user, rulebook, today, order, reason_for)
    html = pages.get(version, ("trip", state, viewer, today, order))
    if html is None:
        user, rows = await session.run_sync(page_rows, trip_id=trip_id, user_id=user_id)
        request.state.user = user
        html = bytes(render_trip_page(request, rows, user, rulebook, today, order).body)
        # Stored under the state of the rows it was rendered from: a change made between the
        # two reads then misses next time instead of being served under the older state.
        trip, statuses, decisions, loans, _, change = rows
        state = TripPageState.of(trip, statuses.values(), decisions, loans, [change.id] if change else [])
        pages.put(version, ("trip", state, Viewer.of(user), today, order), html)
    return HTMLResponse(html)


@router.get("/trips/{trip_id}/edit", include_in_schema=False)
async def edit_trip_form(
    request: Request, trip_id: int, user: CurrentUser, session: SessionDep, choices: ChoicesDep
) -> Response:
    """The itinerary form filled from the saved trip, carrying the version it shows."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    form = ItineraryForm.from_itinerary(trip.itinerary, choices)
    form.trip_name = trip.name or ""
    version = trip_service.version_of(trip)
    return _form_page(request, Submission(form, "edit"), trip=trip, version=version)


@router.post("/trips/{trip_id}/edit", include_in_schema=False)
async def edit_trip(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    entered: EnteredItinerary,
    form: FormDep,
) -> Response:
    """Save the edited itinerary and name; statuses of items that still apply are kept.

    A save based on an older version than the one stored (another tab saved meanwhile) is not
    applied: the form comes back with the traveller's entries and what the other save changed.
    """
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    submission, rulebook, today = entered.submission, entered.rulebook, entered.today
    seen = _read_version(form)
    if seen is None:
        seen = trip_service.version_of(trip)
    if submission.itinerary is None:
        status_code = 400 if submission.errors else 200
        return _form_page(request, submission, trip=trip, status_code=status_code, version=seen)
    await session.commit()  # end the read: on SQLite the save then takes the write lock first
    await session.run_sync(begin_writing)
    update = partial(trip_service.update_trip, trip=trip, user=user, rulebook=rulebook, today=today)
    try:
        await session.run_sync(update, itinerary=submission.itinerary, read_version=seen)
    except trip_service.StaleTrip:
        # Nothing was written (the version claim comes first): read what the other save did.
        stale = await session.run_sync(trip_service.stale_edit, trip_id=trip.id, seen=seen)
        # Saving again from this page is a deliberate choice over the version now shown.
        return _form_page(request, submission, trip=trip, status_code=409, version=stale.current, stale=stale)
    await session.run_sync(trip_lifecycle.rename_trip, trip=trip, user=user, name=submission.name)
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}", status_code=303)


@router.post("/trips/{trip_id}/items/{item_id}", include_in_schema=False)
async def set_item_status(
    trip_id: int,
    item_id: str,
    user: CurrentUser,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    status: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    order: Annotated[str, Form()] = "category",
) -> Response:
    """Mark an item done, not applicable (with a note; required items need one), or open again."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    order = "due" if order == "due" else "category"
    await session.commit()  # end the reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)
    try:
        await session.run_sync(
            partial(trip_service.set_status, rulebook=rulebook, today=today),
            trip=trip,
            user=user,
            item_id=item_id,
            status=status,
            note=note,
        )
    except trip_service.ReasonRequired:
        # Back to the item, its reason box open with the message (nothing was saved).
        target = f"/trips/{trip.id}?order={order}&reason_for={quote(item_id)}#note-{quote(item_id)}"
        return RedirectResponse(target, status_code=303)
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}?order={order}#item-{item_id}", status_code=303)


@router.post("/trips/{trip_id}/changes/dismiss", include_in_schema=False)
async def dismiss_changes(
    trip_id: int, user: CurrentUser, session: SessionDep, up_to: Annotated[int, Form(ge=1, le=2**31 - 1)]
) -> Response:
    """Hide "Changed since you last looked" until the checklist changes again."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(trip_lifecycle.dismiss_changes, trip=trip, user=user, up_to=up_to)
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}", status_code=303)


# Cancel, restore and history live in their own modules; they are served with the trip's pages.
router.include_router(cancel_pages.router)
router.include_router(history_pages.router)
router.include_router(pdf_pages.router)
