"""Queries on Research Compliance's decisions about screening hits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from travelprep.db.index_predicates import active_trip, flag_is
from travelprep.db.models import CLEARING_DECISIONS, ScreeningDecision, Trip, User, utcnow
from travelprep.db.paging import Page, keyset_page


def for_trip(session: Session, *, trip_id: int, with_decider: bool = False) -> list[ScreeningDecision]:
    """The trip's decisions in a stable order (with who made each, if asked)."""
    query = (
        select(ScreeningDecision)
        .where(ScreeningDecision.trip_id == trip_id)
        .order_by(ScreeningDecision.query_key, ScreeningDecision.entity_id)
    )
    if with_decider:
        query = query.options(selectinload(ScreeningDecision.decider))
    return list(session.scalars(query))


def for_trips(session: Session, *, trip_ids: Iterable[int]) -> dict[int, list[ScreeningDecision]]:
    """The decisions of several trips, by trip id."""
    ids = list(trip_ids)
    found: dict[int, list[ScreeningDecision]] = {trip_id: [] for trip_id in ids}
    if ids:
        query = select(ScreeningDecision).where(ScreeningDecision.trip_id.in_(ids))
        for row in session.scalars(query.order_by(ScreeningDecision.id)):
            found[row.trip_id].append(row)
    return found


def cleared_pairs(decisions: Iterable[ScreeningDecision]) -> frozenset[tuple[str, str]]:
    """The (query key, entity id) pairs not to raise again: false positives and cleared hits."""
    return frozenset((d.query_key, d.entity_id) for d in decisions if d.decision in CLEARING_DECISIONS)


def upsert(
    session: Session,
    *,
    trip: Trip,
    query_key: str,
    query: str,
    entity_id: str,
    listed_name: str,
    decision: str,
    note: str,
    actor: User,
) -> tuple[ScreeningDecision, str | None]:
    """Record or revise the decision on one hit; returns the row and the previous decision."""
    where = select(ScreeningDecision).where(
        ScreeningDecision.trip_id == trip.id,
        ScreeningDecision.query_key == query_key,
        ScreeningDecision.entity_id == entity_id,
    )
    row = session.scalar(where)
    if row is None:
        try:
            # Two officers deciding the same new hit at once: the second revises the first.
            with session.begin_nested():
                row = ScreeningDecision(trip_id=trip.id, query_key=query_key, entity_id=entity_id)
                _fill(row, query, listed_name, decision, note, actor)
                session.add(row)
            return row, None
        except IntegrityError:
            row = session.scalar(where)
            if row is None:
                raise
    previous = row.decision
    _fill(row, query, listed_name, decision, note, actor)
    session.flush()
    return row, previous


def _fill(
    row: ScreeningDecision, query: str, listed_name: str, decision: str, note: str, actor: User
) -> None:
    row.query, row.listed_name, row.decision, row.note = query, listed_name, decision, note
    row.decided_by, row.decided_at = actor.id, utcnow()


def _to_review(today: date):
    # hits_to_review is kept with the stored hits (hit_store.refresh_review_flags). The conditions
    # read as the partial index ix_trips_hits_to_review says them (db/index_predicates.py): a
    # bound `status = $1` scanned all 100,000 trips once prepared (45 ms instead of 0.3).
    active = (active_trip(), flag_is(Trip.hits_to_review, True), Trip.return_date >= today)
    columns = (Trip.id, Trip.traveler_name, Trip.traveler_email, Trip.departure, Trip.return_date)
    return select(*columns).where(*active)


def trips_to_review(session: Session, *, today: date, after: str) -> Page:
    """Active trips not yet over with stored hits to review, soonest departure first, after `after`."""
    return keyset_page(
        session, _to_review(today), keys=(Trip.departure, Trip.id), cursor=after, kinds=(date, int)
    )
