"""The loaner desk's JSON API under /api/v1: devices, loaner requests, assignment, transitions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from travelprep.accounts.auth import ApiUser
from travelprep.accounts.roles import is_loaner_staff
from travelprep.db.models import Device, LoanerRequest, Reservation, User
from travelprep.errors import Forbidden, NotFound
from travelprep.loaner import inventory_service, reservations
from travelprep.loaner import repository as loaner
from travelprep.loaner import service as loaner_service
from travelprep.loaner.inventory_csv import DeviceFields, field_errors
from travelprep.loaner.lifecycle import STATES
from travelprep.loaner.schedule import default_loan_dates
from travelprep.settings import Settings
from travelprep.trips import repository as trips
from travelprep.trips.api import ERRORS, Problem
from travelprep.web.deps import SessionDep, SettingsDep, TodayDep

router = APIRouter(prefix="/api/v1", tags=["loaner desk"])

Kind = Literal["laptop", "phone", "tablet", "hotspot"]
State = Literal[STATES]  # type: ignore[valid-type]
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]
LOANER_ERRORS: dict[int | str, dict[str, Any]] = ERRORS | {
    403: {"model": Problem, "description": "Only the loaner desk may do this"},
    409: {"model": Problem, "description": "Not possible now: the message says why"},
}


class DeviceIn(BaseModel):
    """A device to add to the inventory."""

    model_config = ConfigDict(extra="forbid")

    asset_tag: str = Field(min_length=1, max_length=60)
    kind: Kind
    model: str = Field("", max_length=200)
    os: str = Field("", max_length=100)
    serial: str = Field("", max_length=100)
    notes: str = Field("", max_length=2000)


class DeviceOut(DeviceIn):
    """A device in the inventory."""

    id: int
    retired_at: datetime | None


class LoanerRequestIn(BaseModel):
    """A loaner request: for a trip (dates default from it) or for a requester by email."""

    model_config = ConfigDict(extra="forbid")

    trip_id: int | None = Field(None, ge=1, le=2**31 - 1)
    requester_email: str | None = Field(None, min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    kinds: list[Kind] = Field(min_length=1, max_length=4)
    pickup_date: date | None = None
    return_date: date | None = None
    note: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _who_and_when(self) -> LoanerRequestIn:
        if self.trip_id is None and not self.requester_email:
            raise ValueError("give trip_id or requester_email")
        if self.trip_id is None and (self.pickup_date is None or self.return_date is None):
            raise ValueError("pickup_date and return_date are required without a trip_id")
        return self


class ReservationOut(BaseModel):
    """A device held for the request, from `starts` to `ends` inclusive (wipe buffer included)."""

    reservation_id: int
    device_id: int
    asset_tag: str
    kind: Kind
    starts: date
    ends: date


class LoanerRequestOut(BaseModel):
    """A loaner request with its state, its devices and what may happen next."""

    id: int
    trip_id: int | None
    requester_email: str
    kinds: list[Kind]
    pickup_date: date
    return_date: date
    note: str
    state: State
    devices: list[ReservationOut]
    next_states: list[State]


class AssignIn(BaseModel):
    """The device to reserve for the request's whole loan, optionally instead of one it holds."""

    model_config = ConfigDict(extra="forbid")

    device_id: int = Field(ge=1, le=2**31 - 1)
    replacing: int | None = Field(
        None, ge=1, le=2**31 - 1, description="a device the request holds, let go in the same step"
    )


class TransitionIn(BaseModel):
    """The state to move the request to, and why."""

    model_config = ConfigDict(extra="forbid")

    to: State
    note: str = Field("", max_length=2000)


def _device_out(device: Device) -> dict[str, Any]:
    return DeviceOut.model_validate(device, from_attributes=True).model_dump(mode="json")


def _request_out(
    session: Session, request: LoanerRequest, user: User, held: list[Reservation] | None = None
) -> dict[str, Any]:
    if held is None:
        held = reservations.for_request(session, request_id=request.id)
    return LoanerRequestOut(
        id=request.id,
        trip_id=request.trip_id,
        requester_email=request.requester.email,
        kinds=request.kind_list,
        pickup_date=request.pickup_date,
        return_date=request.return_date,
        note=request.note,
        state=request.state,
        devices=[
            ReservationOut(
                reservation_id=r.id,
                device_id=r.device_id,
                asset_tag=r.device.asset_tag,
                kind=r.device.kind,
                starts=r.starts,
                ends=r.ends,
            )
            for r in held
        ],
        next_states=list(loaner_service.offered_transitions(request, user)),
    ).model_dump(mode="json")


def _require_staff(user: User) -> None:
    if not is_loaner_staff(user):
        raise Forbidden("Only the loaner desk may do this.")


@router.get("/devices", response_model=list[DeviceOut], responses=LOANER_ERRORS)
async def list_devices(user: ApiUser, session: SessionDep) -> Any:
    """The inventory, retired devices included (loaner desk only)."""
    _require_staff(user)
    return JSONResponse([_device_out(d) for d in await session.run_sync(loaner.list_devices)])


@router.post("/devices", status_code=201, response_model=DeviceOut, responses=LOANER_ERRORS)
async def add_device(device: DeviceIn, user: ApiUser, session: SessionDep) -> Any:
    """Add a device; 409 if its asset tag is taken (loaner desk only)."""
    _require_staff(user)
    try:
        fields = DeviceFields(**device.model_dump())
    except ValidationError as error:  # e.g. an asset tag of spaces only
        detail = [{"field": field, "message": message} for field, message in field_errors(error).items()]
        return JSONResponse({"detail": detail}, status_code=422)
    added = await session.run_sync(inventory_service.add_device, user=user, fields=fields)
    await session.commit()
    return JSONResponse(_device_out(added), status_code=201)


def _visible_requests(session: Session, user: User) -> list[dict[str, Any]]:
    if is_loaner_staff(user):
        found = loaner.queue(session, where=loaner.QueueFilter(include_finished=True), limit=5000)
    else:
        found = loaner.requests_for_user(session, user=user)
    held = reservations.for_requests(session, request_ids=[r.id for r in found])
    return [_request_out(session, r, user, held.get(r.id, [])) for r in found]


@router.get("/loaner-requests", response_model=list[LoanerRequestOut], responses=LOANER_ERRORS)
async def list_requests(user: ApiUser, session: SessionDep) -> Any:
    """Your loaner requests; the desk sees everyone's. Earliest pickup first."""
    return JSONResponse(await session.run_sync(_visible_requests, user))


def _create(session: Session, body: LoanerRequestIn, user: User) -> dict[str, Any]:
    trip = None
    pickup, back = body.pickup_date, body.return_date
    if body.trip_id is not None:
        trip = trips.get(session, trip_id=body.trip_id)
        if trip is None:
            raise NotFound("No such trip.")  # someone else's trip: create_request says the same
        defaults = default_loan_dates(trip.departure, trip.return_date)
        pickup, back = pickup or defaults.pickup, back or defaults.return_
    request = loaner_service.create_request(
        session,
        user=user,
        kinds=list(body.kinds),
        pickup=pickup,
        return_date=back,
        note=body.note,
        trip=trip,
        requester_email=body.requester_email,
    )
    return _request_out(session, request, user)


@router.post("/loaner-requests", status_code=201, response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def create_request(body: LoanerRequestIn, user: ApiUser, session: SessionDep) -> Any:
    """Request loaner devices; travelers only for themselves and their own trips."""
    try:
        out = await session.run_sync(_create, body, user)
    except loaner_service.InvalidLoanerRequest as invalid:
        detail = [{"field": field, "message": message} for field, message in invalid.errors.items()]
        return JSONResponse({"detail": detail}, status_code=422)
    await session.commit()
    return JSONResponse(out, status_code=201)


def _one(session: Session, request_id: int, user: User) -> dict[str, Any]:
    request = loaner_service.visible_request(session, request_id=request_id, user=user)
    return _request_out(session, request, user)


@router.get("/loaner-requests/{request_id}", response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def get_request(request_id: ObjectId, user: ApiUser, session: SessionDep) -> Any:
    """One loaner request (yours, or any for the desk)."""
    return JSONResponse(await session.run_sync(_one, request_id, user))


@router.post("/loaner-requests/{request_id}/assign", response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def assign_device(
    request_id: ObjectId,
    body: AssignIn,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
) -> Any:
    """Reserve a device for the whole loan; 409 names the reservation or overdue loan in the way."""
    _require_staff(user)
    await session.commit()  # end the read-only transaction: booking starts its own (serialized)
    await session.run_sync(
        loaner_service.assign,
        request_id=request_id,
        device_id=body.device_id,
        user=user,
        wipe_buffer_days=settings.loaner_wipe_buffer_days,
        today=today,
        replacing=body.replacing,
    )
    await session.commit()
    return JSONResponse(await session.run_sync(_one, request_id, user))


def _transition(
    session: Session, request_id: int, body: TransitionIn, user: User, today: date, settings: Settings
) -> None:
    loan = loaner_service.visible_request(session, request_id=request_id, user=user)
    loaner_service.transition(
        session, request=loan, user=user, to_state=body.to, note=body.note, today=today, settings=settings
    )


@router.post(
    "/loaner-requests/{request_id}/transition", response_model=LoanerRequestOut, responses=LOANER_ERRORS
)
async def transition(
    request_id: ObjectId,
    body: TransitionIn,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
) -> Any:
    """Move the request along its lifecycle; 409 on a transition that is not allowed now."""
    await session.run_sync(_transition, request_id, body, user, today, settings)
    await session.commit()
    return JSONResponse(await session.run_sync(_one, request_id, user))
