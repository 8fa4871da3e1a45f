"""Loaner requests in the browser: the request form from a trip, the request page, its buttons.

Travelers see and cancel their own requests; the loaner desk sees every request, assigns
devices and moves requests along the lifecycle from the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from travelprep.accounts.auth import CurrentUser
from travelprep.db.engine import begin_writing
from travelprep.db.models import Trip, User
from travelprep.engine.date_window import DateWindow
from travelprep.errors import NotFound
from travelprep.loaner import KINDS, desk_service
from travelprep.loaner import service as loaner_service
from travelprep.loaner.errors import Conflict
from travelprep.loaner.forecast import likely_kinds
from travelprep.loaner.lifecycle import ACTION_LABELS, STATE_LABELS
from travelprep.loaner.schedule import default_loan_dates
from travelprep.settings import Settings
from travelprep.trips import service as trip_service
from travelprep.web.deps import FormDep, RulebookDep, SessionDep, SettingsDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()
LOANER_ITEM = "loaner-device"
EARLY_PICKUP_DAYS = 7  # marking a pickup a week or more before its date asks first


@dataclass
class RequestForm:
    """The request form's fields as typed, and what is wrong with them."""

    kinds: list[str]
    pickup: str
    return_date: str
    note: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_trip(cls, trip: Trip) -> RequestForm:
        """Kinds from the devices the traveler carries; dates from the working-day defaults."""
        kinds = likely_kinds(trip.itinerary.get("carrying")).split()  # as the demand forecast counts
        dates = default_loan_dates(trip.departure, trip.return_date)
        return cls(kinds, dates.pickup.isoformat(), dates.return_.isoformat())

    @classmethod
    def read(cls, form, *, today: date, window: DateWindow) -> RequestForm:
        """The submitted fields, checked; errors are keyed by field name."""
        typed = cls(
            kinds=[k for k in form.getlist("kinds") if isinstance(k, str)],
            pickup=str(form.get("pickup_date", "")).strip(),
            return_date=str(form.get("return_date", "")).strip(),
            note=str(form.get("note", ""))[:2000],
        )
        days = {}
        for name, value in (("pickup_date", typed.pickup), ("return_date", typed.return_date)):
            try:
                days[name] = date.fromisoformat(value)
            except ValueError:
                typed.errors[name] = "Enter a date as YYYY-MM-DD."
        if len(days) == 2:
            typed.errors |= loaner_service.check_request_fields(
                kinds=typed.kinds,
                pickup=days["pickup_date"],
                return_date=days["return_date"],
                today=today,
                window=window,
            )
        elif not typed.kinds:
            typed.errors["kinds"] = "Choose at least one kind of device."
        return typed


def _loaner_trip(session: Session, *, trip_id: int, user: User, rulebook, today: date) -> Trip:
    trip = trip_service.visible_trip(session, trip_id=trip_id, user=user, to_change=True)
    checklist = trip_service.saved_checklist(session, trip=trip, rulebook=rulebook, today=today)
    if trip.status != "active" or all(item.id != LOANER_ITEM for item in checklist.items):
        raise NotFound("This trip's checklist does not call for a loaner device.")
    return trip


def _form_page(request: Request, trip: Trip, form: RequestForm, status_code: int = 200) -> Response:
    context = {"trip": trip, "form": form, "kinds": KINDS}
    return render(request, "loaner/loaner_request_form.html", context, status_code)


@router.get("/trips/{trip_id}/loaner", include_in_schema=False)
async def request_form(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """The loaner request form, filled in from the trip."""
    trip = await session.run_sync(_loaner_trip, trip_id=trip_id, user=user, rulebook=rulebook, today=today)
    return _form_page(request, trip, RequestForm.for_trip(trip))


@router.post("/trips/{trip_id}/loaner", include_in_schema=False)
async def create_request(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    form: FormDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """File the request and go back to the trip, or show the form again with the errors."""
    trip = await session.run_sync(_loaner_trip, trip_id=trip_id, user=user, rulebook=rulebook, today=today)
    window = rulebook.policy.date_window
    typed = RequestForm.read(form, today=today, window=window)
    if typed.errors:
        return _form_page(request, trip, typed, 400)
    await session.commit()  # end the reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)  # instead of failing if another writer commits first
    await session.run_sync(
        loaner_service.create_request,
        user=user,
        kinds=typed.kinds,
        pickup=date.fromisoformat(typed.pickup),
        return_date=date.fromisoformat(typed.return_date),
        today=today,
        window=window,
        note=typed.note,
        trip=trip,
    )
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}#loaner", status_code=303)


def request_page(request: Request, data: dict, *, status_code: int = 200) -> Response:
    """The request page; `data` may carry an `error` for the top and `field_errors` by form."""
    context = {"error": "", "field_errors": {}} | data
    context |= {"state_labels": STATE_LABELS, "action_labels": ACTION_LABELS}
    return render(request, "loaner/loaner_request.html", context, status_code)


@router.get("/loaner/requests", include_in_schema=False)
async def my_requests(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    """The signed-in user's own loaner requests (the desk works from the queue)."""
    loans = await session.run_sync(desk_service.own_requests, user=user)
    return render(request, "loaner/loaner_mine.html", {"loans": loans, "state_labels": STATE_LABELS})


@dataclass(frozen=True)
class OnRequestPage:
    """Who is on which request page, with the app's clock and settings: what its buttons need."""

    request_id: int
    user: User
    settings: Settings
    today: date

    def data(self, session: Session) -> dict:
        """What the page shows (404 unless the user may see the request)."""
        return desk_service.request_page(
            session,
            request_id=self.request_id,
            user=self.user,
            wipe_buffer_days=self.settings.loaner_wipe_buffer_days,
            today=self.today,
        )

    def change(self, service_function: Callable[..., object], **details) -> Callable[[Session], object]:
        """The service call that makes a change to this request as this user, today."""
        return partial(
            service_function, request_id=self.request_id, user=self.user, today=self.today, **details
        )

    def refused(self, session: Session, message: str, assignment: tuple[int, int | None] | None) -> dict:
        """The page with the refusal next to the assignment form it came from, or at the top."""
        data = self.data(session)
        form = ""
        if assignment is not None:
            device_id, replacing = assignment
            form = desk_service.refused_form(session, page=data, device_id=device_id, replacing=replacing)
        return data | ({"field_errors": {form: message}} if form else {"error": message})


async def _on_request_page(
    request_id: int, user: CurrentUser, settings: SettingsDep, today: TodayDep
) -> OnRequestPage:
    return OnRequestPage(request_id, user, settings, today)


RequestPageDep = Annotated[OnRequestPage, Depends(_on_request_page)]


async def _change_or_refusal(
    request: Request,
    session: SessionDep,
    page: OnRequestPage,
    change: Callable[[Session], object],
    assignment: tuple[int, int | None] | None = None,
) -> Response:
    """Make the change and go back to the request page, or show the page with why it was refused."""
    await session.commit()  # end the reads: on SQLite the change then waits for the write lock
    await session.run_sync(begin_writing)
    try:
        await session.run_sync(change)
    except Conflict as conflict:
        await session.run_sync(Session.rollback)
        data = await session.run_sync(page.refused, conflict.message, assignment)
        return request_page(request, data, status_code=409)
    await session.commit()
    return RedirectResponse(f"/loaner/requests/{page.request_id}", status_code=303)


@router.get("/loaner/requests/{request_id}", include_in_schema=False)
async def show_request(request: Request, page: RequestPageDep, session: SessionDep) -> Response:
    """One request: state, dates, devices, history and the buttons allowed now."""
    return request_page(request, await session.run_sync(page.data))


@router.post("/loaner/requests/{request_id}/transition", include_in_schema=False)
async def move_request(
    request: Request,
    page: RequestPageDep,
    session: SessionDep,
    to: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    early: Annotated[str, Form()] = "",
) -> Response:
    """Press a lifecycle button; a change not allowed now shows the page again with why.

    Marking a pickup a week or more before its date is likely a slip of the finger: the page
    asks first, and the button it shows sends `early=confirmed`.
    """
    if to == "picked_up" and early != "confirmed":
        data = await session.run_sync(page.data)
        if data["early_pickup_days"] >= EARLY_PICKUP_DAYS and to in data["offered"]:
            return request_page(request, data | {"confirm_early": {"note": note[:2000]}})
    move = page.change(loaner_service.move_visible, to_state=to, note=note, settings=page.settings)
    return await _change_or_refusal(request, session, page, move)


@router.post("/loaner/requests/{request_id}/assign", include_in_schema=False)
async def assign_device(
    request: Request,
    page: RequestPageDep,
    session: SessionDep,
    device_id: Annotated[int, Form()],
    replacing: Annotated[int | None, Form()] = None,
) -> Response:
    """Reserve the chosen device (instead of `replacing`); a refusal is shown next to its form."""
    await session.run_sync(loaner_service.visible_request, request_id=page.request_id, user=page.user)  # 404
    buffer_days = page.settings.loaner_wipe_buffer_days
    assign = page.change(
        loaner_service.assign, device_id=device_id, replacing=replacing, wipe_buffer_days=buffer_days
    )
    return await _change_or_refusal(request, session, page, assign, (device_id, replacing))
