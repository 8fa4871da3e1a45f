"""Stored screening hits: what a screening found for a trip, kept until the next one.

A hit is keyed like a decision, by (trip, normalized name, listed entity), so decisions
stay attached across re-screenings. Rows are never deleted while their name is still on the
trip: a hit that a list update removed is marked withdrawn, and comes back (as new since
that update) if the entry is listed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from travelprep.db.models import ScreeningDecision, ScreeningHit, Trip
from travelprep.screening import Match, ScreeningResult
from travelprep.screening.clearance import query_key


@dataclass(frozen=True)
class HitChanges:
    """What one screening changed in a trip's stored hits (score or wording updates aside)."""

    added: int = 0
    withdrawn: int = 0
    reinstated: int = 0
    removed: int = 0  # hits of names no longer on the itinerary

    @property
    def changed(self) -> bool:
        """Whether the trip's hits changed in a way the compliance queue shows."""
        return bool(self.added or self.withdrawn or self.reinstated)


def for_trip(session: Session, *, trip_id: int) -> list[ScreeningHit]:
    """The trip's stored hits, withdrawn ones included, in a stable order."""
    query = select(ScreeningHit).where(ScreeningHit.trip_id == trip_id)
    return list(session.scalars(query.order_by(ScreeningHit.query_key, ScreeningHit.entity_id)))


def for_trips(session: Session, *, trip_ids: Iterable[int]) -> dict[int, list[ScreeningHit]]:
    """The stored hits of several trips, by trip id."""
    ids = list(trip_ids)
    found: dict[int, list[ScreeningHit]] = {trip_id: [] for trip_id in ids}
    if ids:
        query = select(ScreeningHit).where(ScreeningHit.trip_id.in_(ids))
        for row in session.scalars(query.order_by(ScreeningHit.query_key, ScreeningHit.entity_id)):
            found[row.trip_id].append(row)
    return found


def listed_with_decisions(session: Session, *, trip_ids: Iterable[int]) -> dict[int, list[Row]]:
    """What the review list shows of each trip's stored hits, with each hit's decision, in one query.

    Only the shown columns: not the explanation, alias, source or note the trip's own page has.
    """
    ids = list(trip_ids)
    found: dict[int, list[Row]] = {trip_id: [] for trip_id in ids}
    if ids:
        h = ScreeningHit
        query = (
            select(h.trip_id, h.query, h.listed_name, h.list_name, h.list_version, h.score, h.new_since,
                   h.withdrawn_on, ScreeningDecision.decision)
            .outerjoin(ScreeningDecision, _decision_of_hit())
            .where(h.trip_id.in_(ids))
            .order_by(h.trip_id, h.query_key, h.entity_id)
        )  # fmt: skip
        for row in session.execute(query):
            found[row.trip_id].append(row)
    return found


def record(
    session: Session,
    *,
    trip_id: int,
    results: Iterable[ScreeningResult],
    today: date,
    list_update: bool,
    stored_rows: list[ScreeningHit] | None = None,
) -> HitChanges:
    """Store a fresh (unsuppressed) screening of the trip's names; say what changed.

    `list_update`: the screening follows a list change, so hits found now are marked new
    since the update of their list (its as-of date); at a trip's save they are not.
    `stored_rows`: the trip's stored hits when the caller read them already (for a batch).
    """
    if stored_rows is None:
        stored_rows = for_trip(session, trip_id=trip_id)
    return keep_hits(
        session,
        ScreeningHit,
        {"trip_id": trip_id},
        stored_rows,
        results,
        today=today,
        list_update=list_update,
    )


def keep_hits(
    session: Session,
    model: type[Any],
    owner: dict[str, int],
    stored_rows: Iterable[Any],
    results: Iterable[ScreeningResult],
    *,
    today: date,
    list_update: bool,
) -> HitChanges:
    """Bring the stored hits (`model` rows of a trip or a visit, `owner`) in line with a screening.

    New hits are added; a hit a list update no longer finds, for a name still given, is marked
    withdrawn, and comes back if listed again; a hit of a name no longer given is deleted.
    """
    current: dict[tuple[str, str], tuple[str, Match]] = {}
    names = set()
    for result in results:
        key = query_key(result.query)
        names.add(key)
        for match in result.hits:
            current.setdefault((key, match.entity_id), (result.query, match))
    stored = {(row.query_key, row.entity_id): row for row in stored_rows}
    added = withdrawn = reinstated = 0
    for pair, (query, match) in current.items():
        row = stored.get(pair)
        if row is None:
            row = model(**owner, query_key=pair[0], entity_id=pair[1], first_seen_on=today)
            row.new_since = match.as_of if list_update else None
            session.add(row)
            added += 1
        elif row.withdrawn_on is not None:  # named by the list again
            row.withdrawn_on = None
            row.new_since = match.as_of if list_update else row.new_since
            reinstated += 1
        _describe(row, query, match)
    gone = [row for pair, row in stored.items() if pair not in current]
    dropped = [row.id for row in gone if row.query_key not in names]
    # Only a list update withdraws: a save may run in a worker that has not loaded the update
    # yet, and must not undo what the re-screening stored.
    for row in gone if list_update else ():
        if row.query_key in names and row.withdrawn_on is None:
            row.withdrawn_on = today
            withdrawn += 1
    if dropped:
        session.execute(delete(model).where(model.id.in_(dropped)))
    return HitChanges(added, withdrawn, reinstated, len(dropped))


def _describe(row: Any, query: str, match: Match) -> None:
    row.query = query[:200]
    row.listed_name, row.alias = match.name[:500], match.alias[:500]
    row.list_name, row.list_source, row.list_version = match.list[:200], match.source[:500], match.as_of[:40]
    row.score, row.why = match.score, match.why


def as_match(row: ScreeningHit) -> Match:
    """The stored hit as the matcher would report it, for the pages that show hits."""
    return Match(
        name=row.listed_name,
        alias=row.alias,
        list=row.list_name,
        source=row.list_source,
        as_of=row.list_version,
        score=row.score,
        why=row.why,
        entity_id=row.entity_id,
    )


def _decision_of_hit():
    return and_(
        ScreeningDecision.trip_id == ScreeningHit.trip_id,
        ScreeningDecision.query_key == ScreeningHit.query_key,
        ScreeningDecision.entity_id == ScreeningHit.entity_id,
    )


def needing_review():
    """The condition on a trip row: it has a stored hit Research Compliance should look at.

    That is a listed hit undecided or escalated, or an escalated hit since withdrawn (the
    escalation may now be closed). Migration 0016 says the same in SQL.
    """
    undecided = ScreeningDecision.id.is_(None)
    escalated = ScreeningDecision.decision == "escalated"
    query = (
        select(ScreeningHit.id)
        .outerjoin(ScreeningDecision, _decision_of_hit())
        .where(
            ScreeningHit.trip_id == Trip.id,
            or_(and_(ScreeningHit.withdrawn_on.is_(None), or_(undecided, escalated)), escalated),
        )
    )
    return query.exists()


def refresh_review_flags(session: Session, *, trip_ids: Iterable[int]) -> None:
    """Mark each of these trips by whether it has stored hits to review (after hits or decisions change).

    The review list reads the mark through a small partial index, instead of joining every
    stored hit and decision on every page view.
    """
    ids = sorted(set(trip_ids))
    if not ids:
        return
    session.flush()  # the hits and decisions just added count
    for start in range(0, len(ids), 500):  # SQLite binds at most 999 parameters
        batch = ids[start : start + 500]
        mark = update(Trip).where(Trip.id.in_(batch)).values(hits_to_review=needing_review())
        session.execute(mark.execution_options(synchronize_session=False))
