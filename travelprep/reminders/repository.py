"""Queries for email reminders: who gets them, and the unique record of each reminder sent."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.calendar.repository import KEEP_AFTER_RETURN
from travelprep.db.models import SentReminder, Trip, User, utcnow
from travelprep.db.outbox import insert_ignoring_conflict

REMINDER_KEY = ["trip_id", "item_id", "kind", "due"]


def reminder_trips(session: Session, *, today: date) -> list[tuple[User, Trip]]:
    """Active trips not long over, of travelers who have not turned reminders off."""
    query = (
        select(User, Trip)
        .join(Trip, Trip.user_id == User.id)
        .where(
            User.email_reminders.is_(True),
            Trip.status == "active",
            Trip.return_date >= today - KEEP_AFTER_RETURN,
        )
        .order_by(User.id, Trip.departure, Trip.id)
    )
    return [(user, trip) for user, trip in session.execute(query).all()]


def already_recorded(session: Session, *, trip_ids: list[int]) -> set[tuple[int, str, str, date]]:
    """The (trip, item, kind, due) of reminders recorded before, for these trips."""
    if not trip_ids:
        return set()
    rows = session.execute(
        select(SentReminder.trip_id, SentReminder.item_id, SentReminder.kind, SentReminder.due).where(
            SentReminder.trip_id.in_(trip_ids)
        )
    )
    return {tuple(row) for row in rows}


def record(session: Session, *, trip_id: int, item_id: str, kind: str, due: date) -> int | None:
    """Record a reminder; its id, or None when it was recorded before (by this run or another)."""
    values = {"trip_id": trip_id, "item_id": item_id, "kind": kind, "due": due, "created_at": utcnow()}
    return insert_ignoring_conflict(session, SentReminder, values, keys=REMINDER_KEY)


def link_to_message(session: Session, *, reminder_ids: list[int], outbox_id: int) -> None:
    """Point recorded reminders at the message that carries them."""
    for row in session.scalars(select(SentReminder).where(SentReminder.id.in_(reminder_ids))):
        row.outbox_id = outbox_id
    session.flush()
