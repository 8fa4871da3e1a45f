"""Loaner requests in the browser: the request form from a trip, the request page, its buttons.

Travelers see and cancel their own requests; the loaner desk sees every request, assigns
devices and moves requests along the lifecycle from the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from travelprep.accounts.auth import CurrentUser
from travelprep.accounts.roles import is_loaner_staff
from travelprep.db.models import LoanerRequest, Trip, User
from travelprep.errors import NotFound
from travelprep.loaner import KINDS, reservations
from travelprep.loaner import repository as loaner
from travelprep.loaner import service as loaner_service
from travelprep.loaner.lifecycle import ACTION_LABELS, STATE_LABELS
from travelprep.loaner.schedule import default_loan_dates, reserved_period
from travelprep.trips import service as trip_service
from travelprep.web.deps import FormDep, RulebookDep, SessionDep, SettingsDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()
LOANER_ITEM = "loaner-device"


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
        carried = (trip.itinerary.get("carrying") or {}).get("devices") or []
        kinds = [kind for kind in KINDS if kind in carried] or ["laptop"]
        dates = default_loan_dates(trip.departure, trip.return_date)
        return cls(kinds, dates.pickup.isoformat(), dates.return_.isoformat())

    @classmethod
    def read(cls, form) -> RequestForm:
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
                kinds=typed.kinds, pickup=days["pickup_date"], return_date=days["return_date"]
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
    typed = RequestForm.read(form)
    if typed.errors:
        return _form_page(request, trip, typed, 400)
    await session.run_sync(
        loaner_service.create_request,
        user=user,
        kinds=typed.kinds,
        pickup=date.fromisoformat(typed.pickup),
        return_date=date.fromisoformat(typed.return_date),
        note=typed.note,
        trip=trip,
    )
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}#loaner", status_code=303)


def _page_data(session: Session, request_id: int, user: User, buffer_days: int, today: date) -> dict:
    loan = loaner_service.visible_request(session, request_id=request_id, user=user)
    staff = is_loaner_staff(user)
    held = reservations.for_request(session, request_id=loan.id)
    missing = [k for k in loan.kind_list if k not in {r.device.kind for r in held}]
    open_to_desk = staff and loan.state in loaner_service.ASSIGNABLE_STATES
    # Devices of this request still out on another, overdue loan: offered a replacement.
    out = loaner_service.held_out_overdue(session, request=loan, today=today) if open_to_desk else {}
    free = (
        loaner_service.suggestions(session, request=loan, wipe_buffer_days=buffer_days, today=today)
        if open_to_desk and (missing or out)
        else {}
    )
    return {
        "loan": loan,
        "held": held,
        "history": loaner.transitions(session, request_id=loan.id),
        "offered": loaner_service.offered_transitions(loan, user),
        "free": {kind: free.get(kind, []) for kind in missing} if open_to_desk else {},
        "out_overdue": out,
        "replacements": {r.device_id: free.get(r.device.kind, []) for r in held if r.device_id in out},
        "period": reserved_period(loan.pickup_date, loan.return_date, buffer_days),
        "staff": staff,
    }


def _assign_error(session: Session, data: dict, device_id: int, replacing: int | None, message: str) -> dict:
    """Put the refusal next to the form it came from, or at the top when that form is not shown."""
    if replacing is not None and replacing in data["replacements"]:
        return data | {"field_errors": {f"replace-{replacing}": message}}
    device = loaner.get_device(session, device_id=device_id)
    if device is not None and device.kind in data["free"]:
        return data | {"field_errors": {f"assign-{device.kind}": message}}
    return data | {"error": message}


def request_page(request: Request, data: dict, *, error: str = "", status_code: int = 200) -> Response:
    """The request page with `error` shown at the top."""
    context = {"error": error, "field_errors": {}} | data
    context |= {"state_labels": STATE_LABELS, "action_labels": ACTION_LABELS}
    return render(request, "loaner/loaner_request.html", context, status_code)


@router.get("/loaner/requests", include_in_schema=False)
async def my_requests(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    """The signed-in user's own loaner requests (the desk works from the queue)."""
    loans = await session.run_sync(loaner.requests_for_user, user=user)
    return render(request, "loaner/loaner_mine.html", {"loans": loans, "state_labels": STATE_LABELS})


@router.get("/loaner/requests/{request_id}", include_in_schema=False)
async def show_request(
    request: Request,
    request_id: int,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
) -> Response:
    """One request: state, dates, devices, history and the buttons allowed now."""
    buffer_days = settings.loaner_wipe_buffer_days
    return request_page(request, await session.run_sync(_page_data, request_id, user, buffer_days, today))


@router.post("/loaner/requests/{request_id}/transition", include_in_schema=False)
async def move_request(
    request: Request,
    request_id: int,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
    to: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    """Press a lifecycle button; a change not allowed now shows the page again with why."""

    def move(db: Session) -> LoanerRequest:
        loan = loaner_service.visible_request(db, request_id=request_id, user=user)
        return loaner_service.transition(
            db,
            request=loan,
            user=user,
            to_state=to,
            note=note,
            today=today,
            settings=settings,
        )

    try:
        await session.run_sync(move)
    except loaner_service.Conflict as conflict:
        buffer_days = settings.loaner_wipe_buffer_days
        data = await session.run_sync(_page_data, request_id, user, buffer_days, today)
        return request_page(request, data, error=conflict.message, status_code=409)
    await session.commit()
    return RedirectResponse(f"/loaner/requests/{request_id}", status_code=303)


@router.post("/loaner/requests/{request_id}/assign", include_in_schema=False)
async def assign_device(
    request: Request,
    request_id: int,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
    device_id: Annotated[int, Form()],
    replacing: Annotated[int | None, Form()] = None,
) -> Response:
    """Reserve the chosen device (instead of `replacing`); a refusal is shown next to its form."""
    buffer_days = settings.loaner_wipe_buffer_days
    await session.run_sync(loaner_service.visible_request, request_id=request_id, user=user)  # 404 first
    await session.commit()  # end the read-only transaction: booking starts its own (serialized)
    try:
        await session.run_sync(
            loaner_service.assign,
            request_id=request_id,
            device_id=device_id,
            user=user,
            wipe_buffer_days=buffer_days,
            today=today,
            replacing=replacing,
        )
    except loaner_service.Conflict as conflict:
        await session.run_sync(Session.rollback)
        data = await session.run_sync(_page_data, request_id, user, buffer_days, today)
        data = await session.run_sync(_assign_error, data, device_id, replacing, conflict.message)
        return request_page(request, data, status_code=409)
    await session.commit()
    return RedirectResponse(f"/loaner/requests/{request_id}", status_code=303)
