"""What requesting, assigning and moving loaner devices does, for the pages and the API alike.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from travelprep.accounts import repository as users
from travelprep.accounts.roles import is_loaner_staff
from travelprep.db import audit
from travelprep.db.models import Device, LoanerRequest, Reservation, Trip, User
from travelprep.engine.date_window import DateWindow
from travelprep.errors import Forbidden, NotFound
from travelprep.loaner import KINDS, lifecycle, reservations
from travelprep.loaner import overdue_repository as overdue
from travelprep.loaner import repository as loaner
from travelprep.loaner.errors import Conflict, InvalidLoanerRequest
from travelprep.loaner.overdue import OverdueHold
from travelprep.loaner.request_checks import check_request_fields
from travelprep.loaner.reservations import ReservationConflict
from travelprep.loaner.schedule import default_loan_dates, reserved_period
from travelprep.settings import Settings
from travelprep.trips import repository as trips

ASSIGNABLE_STATES = ("requested", "approved", "ready")
MAX_NOTE = 2000


def _record(session: Session, *, user: User, action: str, request: LoanerRequest, detail: dict) -> None:
    """Write the audit row of a change `user` made to the request."""
    audit.record(
        session, actor=user, action=action, object_type="loaner_request", object_id=request.id, detail=detail
    )


def visible_request(session: Session, *, request_id: int, user: User) -> LoanerRequest:
    """The request if `user` made it or runs the desk; otherwise 404, so ids reveal nothing."""
    request = loaner.get_request(session, request_id=request_id)
    if request is None or not (request.requester_id == user.id or is_loaner_staff(user)):
        raise NotFound("No such loaner request.")
    return request


def create_request(
    session: Session,
    *,
    user: User,
    kinds: list[str],
    pickup: date,
    return_date: date,
    today: date,
    window: DateWindow,
    note: str = "",
    trip: Trip | None = None,
    requester_email: str | None = None,
) -> LoanerRequest:
    """A new request for `user` (or, by desk staff, for `requester_email`), in state requested."""
    errors = check_request_fields(
        kinds=kinds, pickup=pickup, return_date=return_date, today=today, window=window
    )
    if errors:
        raise InvalidLoanerRequest(errors)
    requester = user
    if trip is not None:
        if trip.user_id != user.id and not is_loaner_staff(user):
            raise NotFound("No such trip.")
        requester = users.get(session, user_id=trip.user_id) or user
    elif requester_email and users.normalize_email(requester_email) != user.email:
        if not is_loaner_staff(user):
            raise Forbidden("Travelers may request loaners only for themselves.")
        requester = users.get_or_create(session, email=requester_email)
    ordered = [kind for kind in KINDS if kind in kinds]
    request = loaner.create_request(
        session,
        requester=requester,
        trip_id=trip.id if trip else None,
        kinds=ordered,
        pickup=pickup,
        return_date=return_date,
        note=note.strip()[:MAX_NOTE],
        actor=user,
    )
    _record(
        session,
        user=user,
        action="loaner.request",
        request=request,
        detail={"kinds": ordered, "pickup": pickup.isoformat(), "return": return_date.isoformat()},
    )
    return request


def file_request(
    session: Session,
    *,
    user: User,
    kinds: list[str],
    today: date,
    window: DateWindow,
    note: str = "",
    trip_id: int | None = None,
    requester_email: str | None = None,
    pickup: date | None = None,
    return_date: date | None = None,
) -> LoanerRequest:
    """`create_request` with the trip by id, whose working-day defaults fill in missing dates."""
    trip = None
    if trip_id is not None:
        trip = trips.get(session, trip_id=trip_id)
        if trip is None:
            raise NotFound("No such trip.")  # someone else's trip: create_request says the same
        defaults = default_loan_dates(trip.departure, trip.return_date)
        pickup, return_date = pickup or defaults.pickup, return_date or defaults.return_
    if pickup is None or return_date is None:
        raise InvalidLoanerRequest({"pickup_date": "Give the pickup and return dates, or a trip."})
    return create_request(
        session,
        user=user,
        kinds=kinds,
        pickup=pickup,
        return_date=return_date,
        today=today,
        window=window,
        note=note,
        trip=trip,
        requester_email=requester_email,
    )


def offered_transitions(request: LoanerRequest, user: User) -> tuple[str, ...]:
    """The state changes `user` may make to the request now (the buttons to show)."""
    if is_loaner_staff(user):
        return lifecycle.next_states(request.state)
    if request.requester_id == user.id:
        return tuple(
            s for s in lifecycle.next_states(request.state) if lifecycle.traveler_may(request.state, s)
        )
    return ()


def transition(
    session: Session,
    *,
    request: LoanerRequest,
    user: User,
    to_state: str,
    note: str,
    today: date,
    settings: Settings | None = None,
) -> LoanerRequest:
    """Move the request to `to_state`, recording who, when and why; 409 if not allowed now.

    With `settings`, a request made ready queues the "ready for pickup" email to the traveler.
    """
    if to_state not in lifecycle.STATES:
        raise InvalidLoanerRequest({"to": f"Unknown state {to_state!r}."})
    if not is_loaner_staff(user) and not lifecycle.traveler_may(request.state, to_state):
        raise Forbidden("Only the loaner desk can make this change.")
    try:
        lifecycle.check_transition(request.state, to_state)
    except lifecycle.IllegalTransition:
        raise Conflict(lifecycle.refusal(request.state, to_state)) from None
    if to_state == "ready" and not reservations.for_request(session, request_id=request.id):
        raise Conflict("Assign a device before marking the request ready.")
    if to_state in ("ready", "picked_up"):
        # The device to hand over is still with another traveler: there is nothing to give.
        held = held_out_overdue(session, request=request, today=today)
        if held:
            first = next(iter(held.values()))
            raise Conflict(f"{first.refusal()}; replace the device first.")
    from_state = request.state
    loaner.move(session, request=request, to_state=to_state, actor=user, note=note.strip()[:MAX_NOTE])
    if to_state in ("declined", "cancelled"):
        reservations.release(session, request_id=request.id)
    elif to_state == "closed":
        reservations.end_early(session, request_id=request.id, last_day=today)
    elif to_state == "ready" and settings is not None:
        from travelprep.loaner.notices import queue_ready_notice

        queue_ready_notice(session, request=request, settings=settings)
    detail = {"from": from_state, "to": to_state, "note": note.strip()[:200]}
    _record(session, user=user, action="loaner.transition", request=request, detail=detail)
    return request


def move_visible(session: Session, *, request_id: int, user: User, **change) -> LoanerRequest:
    """`transition` of the request with this id, if `user` may see it (404 otherwise)."""
    request = visible_request(session, request_id=request_id, user=user)
    return transition(session, request=request, user=user, **change)


def assign(
    session: Session,
    *,
    request_id: int,
    device_id: int,
    user: User,
    wipe_buffer_days: int,
    today: date,
    replacing: int | None = None,
) -> Reservation:
    """Reserve the device for the request's whole loan; 409 naming what is in the way.

    A device still out on a loan that is overdue on `today` (the app's clock) is refused until
    that loan is marked returned. With `replacing`, the id of a device the request holds, that
    device is let go in the same transaction: how the desk moves a request off a device that
    is out overdue (a refusal undoes both, as the caller rolls back).
    """
    reservations.serialize_bookings(session)
    if not is_loaner_staff(user):
        raise Forbidden("Only the loaner desk assigns devices.")
    request = visible_request(session, request_id=request_id, user=user)
    session.refresh(request, ["state", "revision"])  # as of this (serialized) transaction
    if request.state not in ASSIGNABLE_STATES:
        state = lifecycle.STATE_LABELS[request.state].lower()
        raise Conflict(f"A request that is {state} cannot get a device.")
    device = loaner.get_device(session, device_id=device_id)
    if device is None:
        raise NotFound(f"No device {device_id}.")
    replaced = None
    if replacing is not None:
        replaced = _let_go(session, request=request, device_id=replacing, kind=device.kind)
    _check_device_fits(session, request=request, device=device, today=today)
    starts, ends = reserved_period(request.pickup_date, request.return_date, wipe_buffer_days)
    try:
        reservation = reservations.book(
            session, device_id=device.id, request_id=request.id, starts=starts, ends=ends
        )
    except ReservationConflict as conflict:
        raise Conflict(f"{device.asset_tag}: {conflict.message}.") from None
    except reservations.DeviceRetired:
        raise Conflict(f"{device.asset_tag} has just been retired: choose another device.") from None
    request.revision += 1
    detail = {"device": device.asset_tag, "starts": starts.isoformat(), "ends": ends.isoformat()}
    if replaced:
        detail["replaced"] = replaced
    _record(session, user=user, action="loaner.assign", request=request, detail=detail)
    return reservation


def _let_go(session: Session, *, request: LoanerRequest, device_id: int, kind: str) -> str:
    """Delete the request's reservation of the device, a `kind`; its asset tag (409 otherwise)."""
    held = [r for r in reservations.for_request(session, request_id=request.id) if r.device_id == device_id]
    if not held:
        raise Conflict(f"Request {request.id} holds no device {device_id} to replace.")
    if held[0].device.kind != kind:
        raise Conflict(f"{held[0].device.asset_tag} is a {held[0].device.kind}: replace it with another.")
    for reservation in held:
        session.delete(reservation)
    session.flush()
    return held[0].device.asset_tag


def _check_device_fits(session: Session, *, request: LoanerRequest, device: Device, today: date) -> None:
    if device.retired_at is not None:
        raise Conflict(f"{device.asset_tag} is retired.")
    if device.kind not in request.kind_list:
        raise Conflict(f"{device.asset_tag} is a {device.kind}; the request asks for {request.kinds}.")
    held = [
        r for r in reservations.for_request(session, request_id=request.id) if r.device.kind == device.kind
    ]
    if held:
        raise Conflict(f"The request already has a {device.kind}: {held[0].device.asset_tag}.")
    for hold in overdue.overdue_holds(session, today=today, device_id=device.id):
        if hold.request_id != request.id:
            raise Conflict(hold.refusal() + ".")


def suggestions(
    session: Session, *, request: LoanerRequest, wipe_buffer_days: int, today: date
) -> dict[str, list[Device]]:
    """For each kind asked for, the devices free for the whole reserved period and not out overdue."""
    starts, ends = reserved_period(request.pickup_date, request.return_date, wipe_buffer_days)
    return {
        kind: reservations.free_devices(session, kind=kind, starts=starts, ends=ends, today=today)
        for kind in request.kind_list
    }


def held_out_overdue(session: Session, *, request: LoanerRequest, today: date) -> dict[int, OverdueHold]:
    """The request's devices that are still out on another, overdue loan, by device id."""
    held = {r.device_id for r in reservations.for_request(session, request_id=request.id)}
    found: dict[int, OverdueHold] = {}
    for hold in overdue.overdue_holds(session, today=today):  # longest overdue first
        if hold.device_id in held and hold.request_id != request.id:
            found.setdefault(hold.device_id, hold)
    return found
