"""The email that tells a traveler a data change added or tightened a required item."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.calendar.event_text import one_line
from travelprep.calendar.repository import title_of
from travelprep.db.models import OutboxMessage, utcnow
from travelprep.reevaluation.diff import Entry
from travelprep.reevaluation.repository import DueTrip, dialect_insert
from travelprep.reminders.mail import render_email

if TYPE_CHECKING:
    from travelprep.engine.model import StaleData
    from travelprep.settings import Settings


def notice_key(*, trip_id: int, data_version: str) -> str:
    """The outbox key: one notice per trip and data version, however many runs or senders."""
    return f"checklist-changed:{trip_id}:{data_version}"


def change_notice(
    *,
    trip: DueTrip,
    entries: list[Entry],
    data_version: str,
    stale: list[StaleData],
    settings: Settings,
    today: date,
) -> dict:
    """The outbox row of one notice: the diff, the link, and any stale source named."""
    title = title_of(trip)
    context = {
        "name": trip.owner_name,
        "trip_title": title,
        "trip_url": settings.public_url(f"/trips/{trip.id}"),
        "entries": entries,
        "stale": stale,
        "today": today,
    }
    text, html = render_email("checklist_changed", context)
    return {
        "dedupe_key": notice_key(trip_id=trip.id, data_version=data_version),
        "recipient": trip.email,
        "subject": one_line(f"TravelPrep: your checklist changed ({title})", 400),
        "text": text,
        "html": html,
        "created_at": utcnow(),
        "attempts": 0,
        "last_error": "",
    }


def queue_notices(session: Session, *, notices: list[dict]) -> int:
    """Queue the notices in the outbox; how many were new (a key queued before is left alone).

    One executemany, each row INSERT ... ON CONFLICT DO NOTHING on the unique key, so a notice
    another instance queued meanwhile is not queued twice.
    """
    if not notices:
        return 0
    keys = [notice["dedupe_key"] for notice in notices]
    known = set(session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))
    fresh = [notice for notice in notices if notice["dedupe_key"] not in known]
    if fresh:
        statement = dialect_insert(session, OutboxMessage).on_conflict_do_nothing(
            index_elements=["dedupe_key"]
        )
        session.execute(statement, fresh)
    return len(fresh)
