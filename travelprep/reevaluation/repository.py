"""Queries on checklist versions, re-evaluations, data changes and the diffs travelers see."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from travelprep.db.models import (
    ChecklistChange,
    ChecklistVersion,
    DataChange,
    Reevaluation,
    Trip,
    User,
    utcnow,
)
from travelprep.db.outbox import insert_ignoring_conflict
from travelprep.reevaluation.diff import Entry, Snapshot


def _insert(session: Session, table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def record_data_change(session: Session, *, data_version: str, cause: str, sources: dict) -> bool:
    """Note a data version in force and its cause, once; True when this call noted it."""
    values = {"data_version": data_version, "cause": cause, "sources": sources, "created_at": utcnow()}
    return insert_ignoring_conflict(session, DataChange, values, keys=["data_version"]) is not None


def data_change(session: Session, *, data_version: str) -> DataChange | None:
    """The data change that brought `data_version` into force, if one was noted."""
    return session.scalar(select(DataChange).where(DataChange.data_version == data_version))


def latest_data_change(session: Session) -> DataChange | None:
    """The data change noted last."""
    return session.scalar(select(DataChange).order_by(DataChange.id.desc()).limit(1))


def finish_data_change(session: Session, *, data_version: str) -> None:
    """Record that every trip due was evaluated under `data_version`."""
    session.execute(
        update(DataChange)
        .where(DataChange.data_version == data_version, DataChange.finished_at.is_(None))
        .values(finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _due(data_version: str, today: date):
    """Trips not yet over that were not evaluated under `data_version`."""
    done = exists().where(Reevaluation.trip_id == Trip.id, Reevaluation.data_version == data_version)
    return (Trip.status == "active", Trip.return_date >= today, ~done)


def count_due(session: Session, *, data_version: str, today: date) -> int:
    """How many trips are still to evaluate under `data_version`."""
    return session.scalar(select(func.count()).select_from(Trip).where(*_due(data_version, today)))


def lock_due(session: Session, *, data_version: str, today: date, limit: int) -> list[tuple[Trip, User]]:
    """The next trips to evaluate with their owners, locked; other instances skip them (PostgreSQL)."""
    query = (
        select(Trip, User)
        .join(User, User.id == Trip.user_id)
        .where(*_due(data_version, today))
        .order_by(Trip.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Trip)
    return [(trip, user) for trip, user in session.execute(query).all()]


def claim(session: Session, *, data_version: str, outcomes: dict[int, tuple[str, str]]) -> set[int]:
    """Record each trip's outcome under `data_version`; the ids this call recorded first.

    The unique key (trip, data version) makes a trip another instance recorded meanwhile
    come back missing here: its results are then not written twice.
    """
    if not outcomes:
        return set()
    now = utcnow()
    rows = [
        {
            "trip_id": trip_id,
            "data_version": data_version,
            "outcome": outcome,
            "detail": detail,
            "created_at": now,
        }
        for trip_id, (outcome, detail) in outcomes.items()
    ]
    statement = (
        _insert(session, Reevaluation)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["trip_id", "data_version"])
        .returning(Reevaluation.trip_id)
    )
    return set(session.scalars(statement))


def latest_versions(session: Session, *, trip_ids: list[int]) -> dict[int, ChecklistVersion]:
    """The newest checklist version of each trip that has one."""
    if not trip_ids:
        return {}
    newest = (
        select(func.max(ChecklistVersion.id))
        .where(ChecklistVersion.trip_id.in_(trip_ids))
        .group_by(ChecklistVersion.trip_id)
    )
    rows = session.scalars(select(ChecklistVersion).where(ChecklistVersion.id.in_(newest)))
    return {row.trip_id: row for row in rows}


def add_version(
    session: Session, *, trip_id: int, data_version: str, cause: str, snapshot: Snapshot
) -> ChecklistVersion:
    """Record the checklist a trip is now given."""
    version = ChecklistVersion(
        trip_id=trip_id,
        data_version=data_version,
        cause=cause,
        items=snapshot.items,
        places=snapshot.places,
        sources=snapshot.sources,
        created_at=utcnow(),
    )
    session.add(version)
    return version


def add_change(
    session: Session, *, trip_id: int, version: ChecklistVersion, data_version: str, entries: list[Entry]
) -> ChecklistChange:
    """Record a diff to show on the trip page until the traveler dismisses it."""
    change = ChecklistChange(
        trip_id=trip_id,
        version_id=version.id,
        data_version=data_version,
        entries=[entry.as_json() for entry in entries],
        tightened=sum(entry.tightens for entry in entries),
        created_at=utcnow(),
    )
    session.add(change)
    return change


def open_change(session: Session, *, trip_id: int) -> ChecklistChange | None:
    """The newest diff of the trip the traveler has not dismissed."""
    return session.scalar(
        select(ChecklistChange)
        .where(ChecklistChange.trip_id == trip_id, ChecklistChange.acknowledged_at.is_(None))
        .order_by(ChecklistChange.id.desc())
        .limit(1)
    )


def acknowledge(session: Session, *, trip_id: int, up_to: int, now: datetime) -> int:
    """Dismiss the trip's diffs up to id `up_to`; how many were still shown."""
    result = session.execute(
        update(ChecklistChange)
        .where(
            ChecklistChange.trip_id == trip_id,
            ChecklistChange.id <= up_to,
            ChecklistChange.acknowledged_at.is_(None),
        )
        .values(acknowledged_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def invalid_trips(
    session: Session, *, data_version: str | None = None, limit: int = 200
) -> list[tuple[Trip, Reevaluation]]:
    """Trips whose saved itinerary no longer validated at a re-evaluation, newest first."""
    query = (
        select(Trip, Reevaluation)
        .join(Reevaluation, Reevaluation.trip_id == Trip.id)
        .where(Reevaluation.outcome == "invalid", Trip.status == "active")
    )
    if data_version is not None:
        query = query.where(Reevaluation.data_version == data_version)
    return [(t, r) for t, r in session.execute(query.order_by(Reevaluation.id.desc()).limit(limit)).all()]


def changes_of(session: Session, *, data_version: str) -> list[tuple[Trip, ChecklistChange]]:
    """The diffs one data change made, with their trips, by departure."""
    query = (
        select(Trip, ChecklistChange)
        .join(ChecklistChange, ChecklistChange.trip_id == Trip.id)
        .where(ChecklistChange.data_version == data_version)
        .order_by(Trip.departure, Trip.id)
    )
    return [(t, c) for t, c in session.execute(query).all()]


def recent_data_changes(session: Session, *, limit: int = 20) -> list[DataChange]:
    """The latest data changes, newest first."""
    return list(session.scalars(select(DataChange).order_by(DataChange.id.desc()).limit(limit)))
