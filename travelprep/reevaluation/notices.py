"""The email that tells a traveler a data change added or tightened a required item."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from travelprep.calendar.repository import title_of
from travelprep.db import outbox
from travelprep.db.models import Trip, User
from travelprep.reevaluation.diff import Entry
from travelprep.reminders.mail import render_email

if TYPE_CHECKING:
    from travelprep.engine.model import StaleData
    from travelprep.settings import Settings


def notice_key(*, trip_id: int, data_version: str) -> str:
    """The outbox key: one notice per trip and data version, however many runs or senders."""
    return f"checklist-changed:{trip_id}:{data_version}"


def queue_change_notice(
    session: Session,
    *,
    trip: Trip,
    user: User,
    entries: list[Entry],
    data_version: str,
    stale: list[StaleData],
    settings: Settings,
    today: date,
) -> int:
    """Queue the notice in the outbox (in the caller's transaction); 1 if queued now, else 0."""
    title = title_of(trip)
    context = {
        "name": user.name,
        "trip_title": title,
        "trip_url": settings.public_url(f"/trips/{trip.id}"),
        "entries": entries,
        "stale": stale,
        "today": today,
    }
    text, html = render_email("checklist_changed", context)
    queued = outbox.enqueue(
        session,
        dedupe_key=notice_key(trip_id=trip.id, data_version=data_version),
        to=user.email,
        subject=f"TravelPrep: your checklist changed ({title})",
        text=text,
        html=html,
    )
    return int(queued)
