"""Queries on loans still out past their return date and the devices they hold."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from travelprep.db.models import Device, LoanerRequest, Reservation
from travelprep.loaner.lifecycle import EARLY_STATES
from travelprep.loaner.overdue import Booking, OverdueHold


def overdue_loan(today: date) -> ColumnElement[bool]:
    """The condition on LoanerRequest for a loan picked up and not back after its return date."""
    return and_(LoanerRequest.state == "picked_up", LoanerRequest.return_date < today)


def overdue_holds(session: Session, *, today: date, device_id: int | None = None) -> list[OverdueHold]:
    """The devices out on overdue loans (only `device_id`'s when given), longest overdue first."""
    query = (
        select(Device.id, Device.asset_tag, Device.kind, LoanerRequest.id, LoanerRequest.return_date)
        .join(Reservation, Reservation.device_id == Device.id)
        .join(LoanerRequest, LoanerRequest.id == Reservation.request_id)
        .where(overdue_loan(today))
        .order_by(LoanerRequest.return_date, LoanerRequest.id, Device.asset_tag)
    )
    if device_id is not None:
        query = query.where(Device.id == device_id)
    return [OverdueHold(*row) for row in session.execute(query)]


def waiting_bookings(session: Session, *, device_ids: list[int]) -> list[Booking]:
    """Reservations of these devices for requests not picked up yet (requested, approved, ready)."""
    if not device_ids:
        return []
    rows = session.execute(
        select(Reservation.device_id, Reservation.request_id, Reservation.starts)
        .join(LoanerRequest, LoanerRequest.id == Reservation.request_id)
        .where(Reservation.device_id.in_(device_ids), LoanerRequest.state.in_(EARLY_STATES))
        .order_by(Reservation.starts, Reservation.id)
    )
    return [Booking(*row) for row in rows]
