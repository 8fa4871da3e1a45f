"""Booking devices: reservations that never overlap, enforced by the database.

PostgreSQL refuses an overlapping reservation with its exclusion constraint; SQLite with its
triggers (migration 0002). Two concurrent bookings of the same days therefore cannot both
commit. The query for a conflict here only names it for the user: it is not the guarantee.
On SQLite, `serialize_bookings` takes the write lock first (BEGIN IMMEDIATE) so that the
conflict check, the insert and the commit of one booking run while other writers wait.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from travelprep.db.models import Device, LoanerRequest, Reservation
from travelprep.loaner.overdue_repository import overdue_loan

OVERLAP_MARKERS = ("reservations_no_overlap",)


class ReservationConflict(Exception):
    """The device is already reserved on some of these days."""

    def __init__(self, conflict: Reservation | None, device_id: int) -> None:
        if conflict is None:
            message = f"device {device_id} is already reserved on some of these days"
        else:
            message = (
                f"device {device_id} is already reserved from {conflict.starts.isoformat()} to "
                f"{conflict.ends.isoformat()} (reservation {conflict.id}, "
                f"loaner request {conflict.request_id})"
            )
        super().__init__(message)
        self.conflict = conflict
        self.message = message


def serialize_bookings(session: Session) -> None:
    """On SQLite, hold the database's write lock from here to the commit; no-op elsewhere.

    A fresh transaction starts with BEGIN IMMEDIATE. Inside one already open, a no-op write
    takes the lock; if that transaction only read and another writer has committed since,
    SQLite refuses (OperationalError), so callers end read-only transactions first.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        session.execute(text("UPDATE reservations SET id = id WHERE 0"))
    else:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


class DeviceRetired(Exception):
    """The device was retired (perhaps by a desk colleague a moment ago): it cannot be booked."""


def lock_device(session: Session, *, device_id: int) -> None:
    """Take the lock that booking and retiring the device share, held until the commit.

    PostgreSQL locks the device's row; SQLite has one writer at a time (serialize_bookings).
    """
    serialize_bookings(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Device.id).where(Device.id == device_id).with_for_update())


def overlapping(session: Session, *, device_id: int, starts: date, ends: date) -> Reservation | None:
    """The first reservation of the device sharing a day with [starts, ends], if any."""
    return session.scalar(
        select(Reservation)
        .where(Reservation.device_id == device_id, Reservation.starts <= ends, Reservation.ends >= starts)
        .order_by(Reservation.starts)
        .limit(1)
    )


def _is_overlap(error: IntegrityError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate == "23P01" or any(marker in str(error.orig) for marker in OVERLAP_MARKERS)


def book(session: Session, *, device_id: int, request_id: int, starts: date, ends: date) -> Reservation:
    """Reserve the device for [starts, ends]; ReservationConflict names the one in the way."""
    # Bookings of one device wait for each other here, so the overlap query below sees the
    # one committed first. Without it, concurrent inserts each wait on the other's row in
    # the exclusion check, and PostgreSQL breaks the cycle by failing one as a deadlock
    # (after a second's wait) as often as there are bookers. The constraint stays the guard.
    # Retiring takes the same lock, so the device is read as of after any retirement.
    lock_device(session, device_id=device_id)
    if session.scalar(select(Device.retired_at).where(Device.id == device_id)) is not None:
        raise DeviceRetired()
    conflict = overlapping(session, device_id=device_id, starts=starts, ends=ends)
    if conflict is not None:
        raise ReservationConflict(conflict, device_id)
    reservation = Reservation(device_id=device_id, request_id=request_id, starts=starts, ends=ends)
    try:
        with session.begin_nested():
            session.add(reservation)
            session.flush()
    except IntegrityError as error:
        if not _is_overlap(error):
            raise
        # A booking made past this function committed first; the database refused ours.
        found = overlapping(session, device_id=device_id, starts=starts, ends=ends)
        raise ReservationConflict(found, device_id) from None
    return reservation


def for_request(session: Session, *, request_id: int) -> list[Reservation]:
    """The request's reservations with their devices."""
    from sqlalchemy.orm import selectinload

    return list(
        session.scalars(
            select(Reservation)
            .options(selectinload(Reservation.device))
            .where(Reservation.request_id == request_id)
            .order_by(Reservation.id)
        )
    )


def for_requests(session: Session, *, request_ids: list[int]) -> dict[int, list[Reservation]]:
    """The reservations of many requests at once, with their devices, by request id."""
    from sqlalchemy.orm import selectinload

    found: dict[int, list[Reservation]] = {}
    for start in range(0, len(request_ids), 500):
        rows = session.scalars(
            select(Reservation)
            .options(selectinload(Reservation.device))
            .where(Reservation.request_id.in_(request_ids[start : start + 500]))
            .order_by(Reservation.id)
        )
        for row in rows:
            found.setdefault(row.request_id, []).append(row)
    return found


def release(session: Session, *, request_id: int) -> int:
    """Delete the request's reservations (declined or cancelled); returns how many."""
    rows = session.scalars(select(Reservation).where(Reservation.request_id == request_id)).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def end_early(session: Session, *, request_id: int, last_day: date) -> None:
    """Shorten the request's reservations to end on `last_day` (the device came back sooner)."""
    for row in session.scalars(select(Reservation).where(Reservation.request_id == request_id)):
        if row.ends > last_day:
            row.ends = max(row.starts, last_day)
    session.flush()


def free_devices(session: Session, *, kind: str, starts: date, ends: date, today: date) -> list[Device]:
    """Devices of `kind` in service, free on every day of [starts, ends] and not out overdue."""
    busy = exists().where(
        and_(Reservation.device_id == Device.id, Reservation.starts <= ends, Reservation.ends >= starts)
    )
    # An overdue loan's reservation has ended, but its device is still with the traveler.
    out_overdue = exists().where(
        and_(
            Reservation.device_id == Device.id,
            Reservation.request_id == LoanerRequest.id,
            overdue_loan(today),
        )
    )
    return list(
        session.scalars(
            select(Device)
            .where(Device.kind == kind, Device.retired_at.is_(None), ~busy, ~out_overdue)
            .order_by(Device.asset_tag)
        )
    )
