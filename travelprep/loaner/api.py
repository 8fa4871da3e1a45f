"""The loaner desk's JSON API under /api/v1: devices, loaner requests, assignment, transitions."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.orm import Session

from travelprep.accounts.auth import ApiUser
from travelprep.accounts.roles import is_loaner_staff
from travelprep.db.engine import begin_writing
from travelprep.db.models import LoanerRequest, Reservation, User
from travelprep.db.paging import Page
from travelprep.errors import Forbidden
from travelprep.loaner import desk_service, inventory_service
from travelprep.loaner import service as loaner_service
from travelprep.loaner.errors import InvalidLoanerRequest
from travelprep.loaner.inventory_csv import DeviceFields, field_errors
from travelprep.loaner.schemas import (
    AssignIn,
    DeviceIn,
    DeviceOut,
    LoanerRequestIn,
    LoanerRequestOut,
    ReservationOut,
    TransitionIn,
)
from travelprep.trips.schemas import ERRORS, Problem
from travelprep.web.deps import RulebookDep, SessionDep, SettingsDep, TodayDep

router = APIRouter(prefix="/api/v1", tags=["loaner desk"])

ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]
LOANER_ERRORS: dict[int | str, dict[str, Any]] = ERRORS | {
    403: {"model": Problem, "description": "Only the loaner desk may do this"},
    409: {"model": Problem, "description": "Not possible now: the message says why"},
}


def _invalid(errors: dict[str, str], where: str = "body") -> RequestValidationError:
    """The fields a service refused, answered like malformed input: 422 with `field` and `message`."""
    return RequestValidationError(
        [{"loc": (where, field), "msg": message, "type": "value_error"} for field, message in errors.items()]
    )


def _request_out(request: LoanerRequest, held: list[Reservation], user: User) -> LoanerRequestOut:
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
    )


def _require_staff(user: User) -> None:
    if not is_loaner_staff(user):
        raise Forbidden("Only the loaner desk may do this.")


@router.get("/devices", response_model=list[DeviceOut], responses=LOANER_ERRORS)
async def list_devices(user: ApiUser, session: SessionDep) -> list[DeviceOut]:
    """The inventory, retired devices included (loaner desk only)."""
    _require_staff(user)
    devices = await session.run_sync(inventory_service.list_devices)
    return [DeviceOut.model_validate(d, from_attributes=True) for d in devices]


@router.post("/devices", status_code=201, response_model=DeviceOut, responses=LOANER_ERRORS)
async def add_device(device: DeviceIn, user: ApiUser, session: SessionDep) -> DeviceOut:
    """Add a device; 409 if its asset tag is taken (loaner desk only)."""
    _require_staff(user)
    try:
        fields = DeviceFields(**device.model_dump())
    except ValidationError as error:  # e.g. an asset tag of spaces only
        raise _invalid(field_errors(error)) from None
    await session.commit()  # end the sign-in's reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)
    added = await session.run_sync(inventory_service.add_device, user=user, fields=fields)
    await session.commit()
    return DeviceOut.model_validate(added, from_attributes=True)


def _visible(session: Session, user: User, after: str) -> tuple[list[LoanerRequestOut], Page]:
    page = desk_service.requests_visible_to(session, user=user, after=after)
    held = desk_service.held_devices(session, request_ids=[r.id for r in page.rows])
    return [_request_out(r, held.get(r.id, []), user) for r in page.rows], page


PAGE_HEADERS = {
    "Link": {
        "description": 'The next page, `<...?after=CURSOR>; rel="next"`; absent on the last page',
        "schema": {"type": "string"},
    },
    "X-Total-Count": {
        "description": "Requests in the whole list; at least this many when X-Total-Capped is true",
        "schema": {"type": "integer"},
    },
    "X-Total-Capped": {"description": "true: counting stopped there", "schema": {"type": "boolean"}},
}


@router.get(
    "/loaner-requests",
    response_model=list[LoanerRequestOut],
    responses={**LOANER_ERRORS, 200: {"headers": PAGE_HEADERS}},
)
async def list_requests(
    user: ApiUser,
    session: SessionDep,
    response: Response,
    after: Annotated[str, Query(max_length=200)] = "",
) -> list[LoanerRequestOut]:
    """Your loaner requests; the desk sees everyone's. Earliest pickup first, 50 a page after `after`.

    The body stays a list; the next page and the total are in the headers (Link, X-Total-Count).
    """
    try:
        found, page = await session.run_sync(_visible, user, after)
    except InvalidLoanerRequest as invalid:
        raise _invalid(invalid.errors, "query") from None
    if page.next_cursor:
        response.headers["Link"] = f'</api/v1/loaner-requests?after={quote(page.next_cursor)}>; rel="next"'
    response.headers["X-Total-Count"] = str(page.total)
    response.headers["X-Total-Capped"] = "true" if page.total_capped else "false"
    return found


def _one(session: Session, request_id: int, user: User) -> LoanerRequestOut:
    request = loaner_service.visible_request(session, request_id=request_id, user=user)
    held = desk_service.held_devices(session, request_ids=[request.id])
    return _request_out(request, held.get(request.id, []), user)


def _create(session: Session, body: LoanerRequestIn, user: User, window, today) -> LoanerRequestOut:
    request = loaner_service.file_request(
        session,
        user=user,
        today=today,
        window=window,
        kinds=list(body.kinds),
        note=body.note,
        trip_id=body.trip_id,
        requester_email=body.requester_email,
        pickup=body.pickup_date,
        return_date=body.return_date,
    )
    return _request_out(
        request, desk_service.held_devices(session, request_ids=[request.id]).get(request.id, []), user
    )


@router.post("/loaner-requests", status_code=201, response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def create_request(
    body: LoanerRequestIn, user: ApiUser, session: SessionDep, rulebook: RulebookDep, today: TodayDep
) -> LoanerRequestOut:
    """Request loaner devices; travelers only for themselves and their own trips."""
    await session.commit()  # end the sign-in's reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)
    try:
        out = await session.run_sync(_create, body, user, rulebook.policy.date_window, today)
    except InvalidLoanerRequest as invalid:
        raise _invalid(invalid.errors) from None
    await session.commit()
    return out


@router.get("/loaner-requests/{request_id}", response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def get_request(request_id: ObjectId, user: ApiUser, session: SessionDep) -> LoanerRequestOut:
    """One loaner request (yours, or any for the desk)."""
    return await session.run_sync(_one, request_id, user)


@router.post("/loaner-requests/{request_id}/assign", response_model=LoanerRequestOut, responses=LOANER_ERRORS)
async def assign_device(
    request_id: ObjectId,
    body: AssignIn,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
) -> LoanerRequestOut:
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
    return await session.run_sync(_one, request_id, user)


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
) -> LoanerRequestOut:
    """Move the request along its lifecycle; 409 on a transition that is not allowed now."""
    await session.commit()  # end the sign-in's reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)
    await session.run_sync(
        loaner_service.move_visible,
        request_id=request_id,
        user=user,
        to_state=body.to,
        note=body.note,
        today=today,
        settings=settings,
    )
    await session.commit()
    return await session.run_sync(_one, request_id, user)
