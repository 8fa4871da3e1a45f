"""Queries on a visitor's stored screening hits and Research Compliance's decisions on them.

Keyed by visit instead of trip; the logic is the trips' own (review/hit_store.py, review/repository.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from travelprep.db.models import (
    CLEARING_DECISIONS,
    HostedVisit,
    VisitScreeningDecision,
    VisitScreeningHit,
)
from travelprep.db.paging import Page, count_capped, keyset_page
from travelprep.review.hit_store import keep_hits
from travelprep.review.repository import decisions_of_owner, decisions_of_owners
from travelprep.screening import ScreeningResult

_HIT_ORDER = (VisitScreeningHit.query_key, VisitScreeningHit.entity_id)


def hits_of(session: Session, *, visit_id: int) -> list[VisitScreeningHit]:
    """The visit's stored hits in a stable order."""
    query = select(VisitScreeningHit).where(VisitScreeningHit.visit_id == visit_id)
    return list(session.scalars(query.order_by(*_HIT_ORDER)))


def hits_of_visits(session: Session, *, visit_ids: Iterable[int]) -> dict[int, list[VisitScreeningHit]]:
    """The stored hits of several visits, by visit id."""
    ids = list(visit_ids)
    found: dict[int, list[VisitScreeningHit]] = {visit_id: [] for visit_id in ids}
    if ids:
        query = select(VisitScreeningHit).where(VisitScreeningHit.visit_id.in_(ids)).order_by(*_HIT_ORDER)
        for row in session.scalars(query):
            found[row.visit_id].append(row)
    return found


def store_hits(
    session: Session,
    *,
    visit_id: int,
    results: Iterable[ScreeningResult],
    today: date,
    list_update: bool = False,
) -> bool:
    """Keep the hits of this screening (unsuppressed), as a trip's are; answer whether any changed.

    New hits are added (after a list update, marked new since that list's as-of date). A hit a
    list update no longer finds, for a name the visit still gives, is marked withdrawn, not
    deleted, so the review keeps its trail; it comes back if the list names it again. A hit
    of a name the host edited away is dropped. Decisions live in their own table under the
    same key, so a hit found again keeps its decision.
    """
    stored = hits_of(session, visit_id=visit_id)
    owner = {"visit_id": visit_id}
    changes = keep_hits(
        session, VisitScreeningHit, owner, stored, results, today=today, list_update=list_update
    )
    session.flush()
    return changes.changed or bool(changes.removed)


def decisions_of(
    session: Session, *, visit_id: int, with_decider: bool = False
) -> list[VisitScreeningDecision]:
    """The visit's decisions in a stable order (with who made each, if asked)."""
    return decisions_of_owner(
        session, VisitScreeningDecision, {"visit_id": visit_id}, with_decider=with_decider
    )


def decisions_of_visits(
    session: Session, *, visit_ids: Iterable[int]
) -> dict[int, list[VisitScreeningDecision]]:
    """The decisions of several visits, by visit id."""
    return decisions_of_owners(session, VisitScreeningDecision, "visit_id", visit_ids)


def cleared_pairs(session: Session, *, visit_id: int) -> frozenset[tuple[str, str]]:
    """The (query key, entity id) pairs of the visit not to raise again: false positives and cleared."""
    query = select(VisitScreeningDecision.query_key, VisitScreeningDecision.entity_id).where(
        VisitScreeningDecision.visit_id == visit_id,
        VisitScreeningDecision.decision.in_(sorted(CLEARING_DECISIONS)),
    )
    return frozenset((key, entity) for key, entity in session.execute(query))


def _needing_review():
    """On a visit row: a stored hit that is undecided or escalated."""
    decision_of_hit = and_(
        VisitScreeningDecision.visit_id == VisitScreeningHit.visit_id,
        VisitScreeningDecision.query_key == VisitScreeningHit.query_key,
        VisitScreeningDecision.entity_id == VisitScreeningHit.entity_id,
    )
    escalated = VisitScreeningDecision.decision == "escalated"
    # Undecided or escalated; once withdrawn from its list, only an escalated hit stays open.
    open_or_escalated = or_(
        and_(VisitScreeningHit.withdrawn_on.is_(None), VisitScreeningDecision.id.is_(None)), escalated
    )
    return (
        select(VisitScreeningHit.id)
        .outerjoin(VisitScreeningDecision, decision_of_hit)
        .where(VisitScreeningHit.visit_id == HostedVisit.id, open_or_escalated)
        .exists()
    )


def _to_review(today: date):
    columns = (HostedVisit.id, HostedVisit.visitor_name, HostedVisit.affiliation, HostedVisit.host_name,
               HostedVisit.host_email, HostedVisit.arrive, HostedVisit.depart)  # fmt: skip
    active = (HostedVisit.status == "active", HostedVisit.depart >= today)
    return select(*columns).where(*active, _needing_review())


def visits_to_review(session: Session, *, today: date, after: str = "") -> Page:
    """Active visits not yet over with hits to review, soonest arrival first, after `after`."""
    keys = (HostedVisit.arrive, HostedVisit.id)
    return keyset_page(session, _to_review(today), keys=keys, cursor=after, kinds=(date, int))


def count_to_review(session: Session, *, today: date) -> tuple[int, bool]:
    """How many active visits not yet over have hits to review (and whether the count was capped)."""
    return count_capped(session, _to_review(today))
