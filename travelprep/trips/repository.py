"""Queries on trips, their legs and the traveler's item statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, selectinload

from travelprep.db.models import ItemStatusChange, Leg, Trip, TripItem, User, utcnow

if TYPE_CHECKING:
    from travelprep.engine.checklist import Checklist
    from travelprep.engine.itinerary import Itinerary


def _copy_itinerary(trip: Trip, itinerary: Itinerary, checklist: Checklist) -> None:
    """Store the itinerary and copy out what lists and filters need."""
    trip.itinerary = itinerary.model_dump(mode="json", by_alias=True)
    trip.traveler_name = itinerary.traveler.name
    trip.traveler_email = itinerary.traveler.email
    trip.departure = itinerary.departure
    trip.return_date = itinerary.return_
    trip.countries = " ".join(dict.fromkeys(leg.country for leg in itinerary.legs))
    trip.elevated_risk = any(d.elevated_risk for d in checklist.destinations)
    trip.sanctioned = any(d.sanctioned for d in checklist.destinations)
    trip.names_institutions = bool(itinerary.institutions)
    trip.updated_at = utcnow()
    trip.legs = [
        Leg(
            position=i,
            country=leg.country,
            region=leg.region,
            city=leg.city or "",
            # A leg without dates spans the whole trip, for "who is abroad" purposes.
            arrive=leg.arrive or itinerary.departure,
            depart=leg.depart or itinerary.return_,
        )
        for i, leg in enumerate(itinerary.legs)
    ]


def create(session: Session, *, user: User, itinerary: Itinerary, checklist: Checklist) -> Trip:
    """A new trip for `user` with an open status row for every checklist item."""
    trip = Trip(user_id=user.id, status="active", items=[])
    _copy_itinerary(trip, itinerary, checklist)
    session.add(trip)
    session.flush()
    reconcile_items(session, trip=trip, checklist=checklist, actor=user)
    return trip


def claim_next_version(session: Session, *, trip_id: int, read_version: int) -> bool:
    """Move the trip from `read_version` to the next version if it is still at it; else False.

    One conditional UPDATE (`... WHERE calendar_sequence = :read_version`): of two saves based
    on the same read, the database lets exactly one through. PostgreSQL makes the second wait
    for the first's row lock, then finds the version moved; SQLite has one writer at a time.
    """
    claimed = session.execute(
        update(Trip)
        .where(Trip.id == trip_id, Trip.calendar_sequence == read_version)
        .values(calendar_sequence=read_version + 1)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def current_version(session: Session, *, trip_id: int) -> int:
    """The trip's version as committed now (after a claim lost to another save)."""
    return session.scalar(select(Trip.calendar_sequence).where(Trip.id == trip_id)) or 0


def replace_itinerary(
    session: Session,
    *,
    trip: Trip,
    itinerary: Itinerary,
    checklist: Checklist,
    actor: User,
    version: int | None = None,
) -> list[TripItem]:
    """Save an edited itinerary as `version` (claimed with claim_next_version); returns dropped items."""
    # Legs were loaded with lazy="raise": load them before replacing the collection.
    session.refresh(trip, ["legs"])
    _copy_itinerary(trip, itinerary, checklist)
    # Calendar apps replace the events when the version (their SEQUENCE) goes up.
    trip.calendar_sequence = (trip.calendar_sequence or 0) + 1 if version is None else version
    return reconcile_items(session, trip=trip, checklist=checklist, actor=actor)


def reconcile_items(
    session: Session,
    *,
    trip: Trip,
    checklist: Checklist,
    actor: User | None,
    existing: dict[str, TripItem] | None = None,
    flush: bool = True,
) -> list[TripItem]:
    """Keep statuses of items that still apply, add new ones, mark vanished ones dropped.

    `existing`: the trip's status rows, when the caller read those of many trips at once (and
    then flushes once for all of them, `flush=False`).
    """
    existing = item_statuses(session, trip_id=trip.id) if existing is None else existing
    current = {item.id: item for item in checklist.items}
    now = utcnow()
    for item_id, item in current.items():
        row = existing.get(item_id)
        if row is None:
            session.add(
                TripItem(
                    trip_id=trip.id,
                    item_id=item_id,
                    title=item.title,
                    category=item.category,
                    status="open",
                    note="",
                    updated_at=now,
                )
            )
        else:
            row.title, row.category = item.title, item.category
            if row.dropped_at is not None:
                row.dropped_at = None
                _history(session, row=row, actor=actor, status=row.status, note="applies again")
    dropped = []
    for item_id, row in existing.items():
        if item_id not in current and row.dropped_at is None:
            row.dropped_at = now
            _history(session, row=row, actor=actor, status="dropped", note="no longer applies")
            dropped.append(row)
    if flush:
        session.flush()
    return dropped


def _history(session: Session, *, row: TripItem, actor: User | None, status: str, note: str) -> None:
    session.add(
        ItemStatusChange(trip_item_id=row.id, actor_id=actor.id if actor else None, status=status, note=note)
    )


def item_statuses(session: Session, *, trip_id: int) -> dict[str, TripItem]:
    """The status rows of a trip, by item id (dropped ones included)."""
    rows = session.scalars(select(TripItem).where(TripItem.trip_id == trip_id))
    return {row.item_id: row for row in rows}


def item_statuses_of(session: Session, *, trip_ids: list[int]) -> dict[int, dict[str, TripItem]]:
    """The status rows of several trips: by trip id, then by item id."""
    found: dict[int, dict[str, TripItem]] = {trip_id: {} for trip_id in trip_ids}
    if trip_ids:
        for row in session.scalars(select(TripItem).where(TripItem.trip_id.in_(trip_ids))):
            found[row.trip_id][row.item_id] = row
    return found


def set_item_status(
    session: Session, *, trip: Trip, item_id: str, status: str, note: str, actor: User
) -> TripItem | None:
    """Record a new status of one item that applies to the trip; None if it does not."""
    row = session.scalar(
        select(TripItem).where(
            TripItem.trip_id == trip.id, TripItem.item_id == item_id, TripItem.dropped_at.is_(None)
        )
    )
    if row is None:
        return None
    row.status, row.note, row.updated_at = status, note, utcnow()
    session.flush()
    _history(session, row=row, actor=actor, status=status, note=note)
    return row


def history(session: Session, *, trip_item_id: int) -> list[ItemStatusChange]:
    """The status changes of one item, oldest first."""
    return list(
        session.scalars(
            select(ItemStatusChange)
            .where(ItemStatusChange.trip_item_id == trip_item_id)
            .order_by(ItemStatusChange.id)
        )
    )


def get_with_statuses(session: Session, *, trip_id: int) -> tuple[Trip | None, dict[str, TripItem]]:
    """The trip and its status rows by item id, in one query (the trip page's hot path)."""
    rows = session.execute(
        select(Trip, TripItem).outerjoin(TripItem, TripItem.trip_id == Trip.id).where(Trip.id == trip_id)
    ).all()
    if not rows:
        return None, {}
    return rows[0][0], {item.item_id: item for _, item in rows if item is not None}


def get(session: Session, *, trip_id: int) -> Trip | None:
    """The trip with this id, whoever owns it (callers check access)."""
    return session.get(Trip, trip_id)


def list_for(session: Session, *, user: User) -> list[Trip]:
    """The user's trips, soonest departure first."""
    return list(
        session.scalars(select(Trip).where(Trip.user_id == user.id).order_by(Trip.departure, Trip.id))
    )


def cancel(session: Session, *, trip: Trip) -> None:
    """Mark the trip cancelled; its record stays."""
    if trip.status != "cancelled":
        trip.status, trip.cancelled_at, trip.updated_at = "cancelled", utcnow(), utcnow()
        trip.calendar_sequence = (trip.calendar_sequence or 0) + 1


def rename(session: Session, *, trip: Trip, name: str | None) -> None:
    """Name the trip; the page (cached by `updated_at`) and the calendar events then change."""
    trip.name, trip.updated_at = name, utcnow()
    trip.calendar_sequence = (trip.calendar_sequence or 0) + 1


def restore(session: Session, *, trip: Trip) -> None:
    """Make a cancelled trip active again; the calendar events then stop reading "Cancelled"."""
    if trip.status == "cancelled":
        trip.status, trip.cancelled_at, trip.updated_at = "active", None, utcnow()
        trip.calendar_sequence = (trip.calendar_sequence or 0) + 1


@dataclass(frozen=True)
class TripFilter:
    """What the compliance list filters on; None means no filter."""

    country: str | None = None
    start: date | None = None  # trips still abroad on or after this day
    end: date | None = None  # trips leaving on or before this day
    elevated_risk: bool | None = None
    sanctioned: bool | None = None
    include_cancelled: bool = False


def search(session: Session, *, where: TripFilter, limit: int | None = None) -> list[Trip]:
    """Every traveler's trips matching the filter (all, unless `limit`), soonest first, with their user.

    Staff pages use compliance/repository.py, which pages and selects only the shown columns.
    """
    query = select(Trip).options(selectinload(Trip.user))
    if where.country:
        query = query.where(exists().where(Leg.trip_id == Trip.id, Leg.country == where.country.upper()))
    if where.start:
        query = query.where(Trip.return_date >= where.start)
    if where.end:
        query = query.where(Trip.departure <= where.end)
    if where.elevated_risk is not None:
        query = query.where(Trip.elevated_risk.is_(where.elevated_risk))
    if where.sanctioned is not None:
        query = query.where(Trip.sanctioned.is_(where.sanctioned))
    if not where.include_cancelled:
        query = query.where(Trip.status == "active")
    return list(session.scalars(query.order_by(Trip.departure, Trip.id).limit(limit)))


def abroad_on(session: Session, *, day: date, country: str | None = None) -> list[tuple[Trip, Leg]]:
    """Who is in `country` (or anywhere abroad) on `day`: active trips with the leg that covers it."""
    query = (
        select(Trip, Leg)
        .join(Leg, Leg.trip_id == Trip.id)
        .options(selectinload(Trip.user))
        .where(Trip.status == "active", Leg.arrive <= day, Leg.depart >= day)
    )
    if country:
        query = query.where(Leg.country == country.upper())
    query = query.order_by(Leg.country, Trip.traveler_name, Trip.id)
    return [(trip, leg) for trip, leg in session.execute(query).all()]
