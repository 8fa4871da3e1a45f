"""Queries on Research Compliance's decisions about screening hits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from travelprep.db.index_predicates import active_trip, flag_is
from travelprep.db.models import CLEARING_DECISIONS, ScreeningDecision, Trip, User, utcnow
from travelprep.db.paging import Page, keyset_page
from travelprep.db.search import containing

Decision = TypeVar("Decision")  # a trip's ScreeningDecision, or a visit's


def for_trip(session: Session, *, trip_id: int, with_decider: bool = False) -> list[ScreeningDecision]:
    """The trip's decisions in a stable order (with who made each, if asked)."""
    return decisions_of_owner(session, ScreeningDecision, {"trip_id": trip_id}, with_decider=with_decider)


def for_trips(session: Session, *, trip_ids: Iterable[int]) -> dict[int, list[ScreeningDecision]]:
    """The decisions of several trips, by trip id."""
    return decisions_of_owners(session, ScreeningDecision, "trip_id", trip_ids)


def decisions_of_owner(
    session: Session, model: type[Decision], owner: dict[str, int], *, with_decider: bool = False
) -> list[Decision]:
    """The decisions of one trip or visit (`owner`) in a stable order (with who made each, if asked)."""
    query = select(model).filter_by(**owner).order_by(model.query_key, model.entity_id)
    if with_decider:
        query = query.options(selectinload(model.decider))
    return list(session.scalars(query))


def decisions_of_owners(
    session: Session, model: type[Decision], owner_column: str, owner_ids: Iterable[int]
) -> dict[int, list[Decision]]:
    """The decisions of several trips or visits, by the id in `owner_column`, oldest first."""
    ids = list(owner_ids)
    found: dict[int, list[Decision]] = {owner_id: [] for owner_id in ids}
    if ids:
        query = select(model).where(getattr(model, owner_column).in_(ids))
        for row in session.scalars(query.order_by(model.id)):
            found[getattr(row, owner_column)].append(row)
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
    """Record or revise the decision on one hit of a trip; returns the row and the previous decision."""
    hit = {"query": query, "listed_name": listed_name, "decision": decision, "note": note}
    return upsert_decision_row(
        session, ScreeningDecision, {"trip_id": trip.id}, query_key, entity_id, hit, actor
    )


def upsert_decision_row(
    session: Session,
    model: type[Decision],
    owner: dict[str, int],
    query_key: str,
    entity_id: str,
    hit: dict[str, str],
    actor: User,
) -> tuple[Decision, str | None]:
    """The decision row of one hit of a trip or visit (`owner`), made or revised; and the previous decision.

    Two officers deciding the same new hit at once: the second's insert meets the unique key,
    and it revises the first's row instead.
    """
    key = {**owner, "query_key": query_key, "entity_id": entity_id}
    where = select(model).filter_by(**key)
    row = session.scalar(where)
    if row is None:
        try:
            with session.begin_nested():
                row = model(**key)
                _fill(row, hit, actor)
                session.add(row)
            return row, None
        except IntegrityError:
            row = session.scalar(where)
            if row is None:
                raise
    previous = row.decision
    _fill(row, hit, actor)
    session.flush()
    return row, previous


def _fill(row: Any, hit: dict[str, str], actor: User) -> None:
    row.query, row.listed_name = hit["query"][:200], hit["listed_name"][:500]
    row.decision, row.note = hit["decision"], hit["note"]
    row.decided_by, row.decided_at = actor.id, utcnow()


def _to_review(today: date, search: str = ""):
    # hits_to_review is kept with the stored hits (hit_store.refresh_review_flags). The conditions
    # read as the partial index ix_trips_hits_to_review says them (db/index_predicates.py): a
    # bound `status = $1` scanned all 100,000 trips once prepared (45 ms instead of 0.3).
    active = (active_trip(), flag_is(Trip.hits_to_review, True), Trip.return_date >= today)
    columns = (Trip.id, Trip.traveler_name, Trip.traveler_email, Trip.departure, Trip.return_date)
    query = select(*columns).where(*active)
    if search.strip():
        query = query.where(containing(search, Trip.traveler_name, Trip.traveler_email))
    return query


def trips_to_review(session: Session, *, today: date, after: str, search: str = "") -> Page:
    """Active trips not yet over with stored hits to review, soonest departure first, after `after`;
    with `search`, only the travelers whose name or email contains it."""
    return keyset_page(
        session, _to_review(today, search), keys=(Trip.departure, Trip.id), cursor=after, kinds=(date, int)
    )
