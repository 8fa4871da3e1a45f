"""Helpers for loaner tests on a session: file a request, assign a device as the desk."""

from __future__ import annotations

from datetime import date

from tests.support.fixtures import TODAY
from travelprep.db.models import Device, LoanerRequest, Reservation, User
from travelprep.engine.date_window import DateWindow
from travelprep.loaner import service as loaner_service


def new_request(session, user: User, pickup: date, back: date, kinds=("laptop",)) -> LoanerRequest:
    """A request by `user` for `kinds` from `pickup` to `back`, in state requested."""
    return loaner_service.create_request(
        session,
        user=user,
        kinds=list(kinds),
        pickup=pickup,
        return_date=back,
        today=TODAY,
        window=DateWindow(),
    )


def assign(
    session, request: LoanerRequest, device: Device, staff: User, *, today: date = TODAY, **extra
) -> Reservation:
    """The desk assigns `device` to `request` (2-day wipe buffer) on `today`."""
    return loaner_service.assign(
        session,
        request_id=request.id,
        device_id=device.id,
        user=staff,
        wipe_buffer_days=2,
        today=today,
        **extra,
    )
