"""Queries on checklist versions, re-evaluations, data changes and the diffs travelers see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, insert, literal, select, update
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


def dialect_insert(session: Session, table):
    """INSERT with ON CONFLICT, for the session's database (SQLite or PostgreSQL)."""
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


def claim_due(
    session: Session, *, data_version: str, today: date, limit: int, after_id: int = 0
) -> list[int]:
    """Claim the next trips to evaluate under `data_version`: their ids, in one statement.

    INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING: a claim row per trip under the unique
    key (trip, data version), recorded "unchanged" until told otherwise. On PostgreSQL the pick
    locks its trips with SKIP LOCKED, so another instance takes the next ones; a trip another
    instance claimed meanwhile conflicts and is left out. On SQLite the caller holds the write lock.
    Trips are taken in id order after `after_id`, the caller's last one, so that each pick reads
    on from there instead of past every trip claimed before.
    """
    pick = (
        select(Trip.id, literal(data_version), literal("unchanged"), literal(""), literal(utcnow()))
        .where(Trip.id > after_id, *_due(data_version, today))
        .order_by(Trip.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True, of=Trip)
    columns = ["trip_id", "data_version", "outcome", "detail", "created_at"]
    statement = (
        dialect_insert(session, Reevaluation)
        .from_select(columns, pick)
        .on_conflict_do_nothing(index_elements=["trip_id", "data_version"])
        .returning(Reevaluation.trip_id)
    )
    return sorted(session.scalars(statement))


@dataclass(frozen=True)
class DueTrip:
    """What the job reads of a claimed trip and its owner (no ORM objects: thousands per run)."""

    id: int
    itinerary: dict
    email: str  # the owner's account, where notices go
    owner_name: str
    name: str | None  # the trip's own name, if its traveler gave one (title_of: else its cities)


def due_trips(session: Session, *, trip_ids: list[int]) -> list[DueTrip]:
    """The claimed trips with their owners' addresses, by id."""
    query = (
        select(Trip.id, Trip.itinerary, User.email, User.name, Trip.name)
        .join(User, User.id == Trip.user_id)
        .where(Trip.id.in_(trip_ids))
        .order_by(Trip.id)
    )
    return [DueTrip(*row) for row in session.execute(query)]


def record_outcomes(session: Session, *, data_version: str, outcomes: dict[int, tuple[str, str]]) -> None:
    """Record the outcome of each claimed trip that was not "unchanged" (one UPDATE per kind)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for trip_id, key in outcomes.items():
        if key != ("unchanged", ""):
            groups.setdefault(key, []).append(trip_id)
    for (outcome, detail), trip_ids in groups.items():
        session.execute(
            update(Reevaluation)
            .where(Reevaluation.data_version == data_version, Reevaluation.trip_id.in_(trip_ids))
            .values(outcome=outcome, detail=detail)
            .execution_options(synchronize_session=False)
        )


def latest_digests(session: Session, *, trip_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Each trip's newest checklist version as (id, digest): enough to see whether it changed."""
    if not trip_ids:
        return {}
    newest = (
        select(func.max(ChecklistVersion.id))
        .where(ChecklistVersion.trip_id.in_(trip_ids))
        .group_by(ChecklistVersion.trip_id)
    )
    rows = session.execute(
        select(ChecklistVersion.trip_id, ChecklistVersion.id, ChecklistVersion.digest).where(
            ChecklistVersion.id.in_(newest)
        )
    )
    return {trip_id: (version_id, digest) for trip_id, version_id, digest in rows}


def snapshots(session: Session, *, version_ids: list[int]) -> dict[int, Snapshot]:
    """The snapshots kept in these versions, by trip id."""
    if not version_ids:
        return {}
    query = select(
        ChecklistVersion.trip_id, ChecklistVersion.items, ChecklistVersion.places, ChecklistVersion.sources
    ).where(ChecklistVersion.id.in_(version_ids))
    return {
        trip_id: Snapshot(items, places, sources)
        for trip_id, items, places, sources in session.execute(query)
    }


def _version_row(trip_id: int, data_version: str, cause: str, snapshot: Snapshot, now: datetime) -> dict:
    return {
        "trip_id": trip_id,
        "data_version": data_version,
        "cause": cause,
        "digest": snapshot.digest(),
        "items": snapshot.items,
        "places": snapshot.places,
        "sources": snapshot.sources,
        "created_at": now,
    }


def add_version(session: Session, *, trip_id: int, data_version: str, cause: str, snapshot: Snapshot) -> None:
    """Record the checklist a trip is now given."""
    session.execute(
        insert(ChecklistVersion), [_version_row(trip_id, data_version, cause, snapshot, utcnow())]
    )


def add_versions(session: Session, *, data_version: str, snapshots: dict[int, Snapshot]) -> None:
    """Record the checklists many trips are now given, as one executemany."""
    if snapshots:
        now = utcnow()
        rows = [_version_row(trip_id, data_version, "data", snap, now) for trip_id, snap in snapshots.items()]
        session.execute(insert(ChecklistVersion), rows)


def newest_version_ids(session: Session, *, trip_ids: list[int]) -> dict[int, int]:
    """The id of each trip's newest checklist version."""
    if not trip_ids:
        return {}
    query = (
        select(ChecklistVersion.trip_id, func.max(ChecklistVersion.id))
        .where(ChecklistVersion.trip_id.in_(trip_ids))
        .group_by(ChecklistVersion.trip_id)
    )
    return dict(session.execute(query).all())


def add_changes(
    session: Session, *, data_version: str, version_ids: dict[int, int], entries: dict[int, list[Entry]]
) -> None:
    """Record the diffs to show on the trip pages until each traveler dismisses theirs."""
    if not entries:
        return
    now = utcnow()
    rows = [
        {
            "trip_id": trip_id,
            "version_id": version_ids[trip_id],
            "data_version": data_version,
            "entries": [entry.as_json() for entry in found],
            "tightened": sum(entry.tightens for entry in found),
            "created_at": now,
        }
        for trip_id, found in entries.items()
    ]
    session.execute(insert(ChecklistChange), rows)


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


def outcome_counts(session: Session, *, data_version: str) -> dict[str, int]:
    """How many trips each outcome had under `data_version`."""
    query = (
        select(Reevaluation.outcome, func.count())
        .where(Reevaluation.data_version == data_version)
        .group_by(Reevaluation.outcome)
    )
    return dict(session.execute(query).all())
