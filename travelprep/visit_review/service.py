"""Deciding on a visitor's screening hits, for the pages and the API alike, as trips' review/service.py.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from travelprep.db.models import HostedVisit, User, VisitScreeningDecision
from travelprep.errors import Forbidden, NotFound
from travelprep.review.service import DecisionIn, decide_hit, decision_history
from travelprep.review.view import HitView, review_hits, stored_hit
from travelprep.visit_review import repository as visit_hits

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.screening import ScreeningResult

__all__ = ["DecisionIn", "OpenVisitHits", "OwnVisit", "UnknownVisitHit"]


class UnknownVisitHit(NotFound):
    """This name and entity are not a screening hit of the visit: reload the page."""


class OwnVisit(Forbidden):
    """Nobody decides on the screening hits of a visit they host: another compliance officer must."""


def screening_of(row: HostedVisit, rulebook: Rulebook) -> tuple[ScreeningResult, ...]:
    """Every candidate match of the visit's names (visitor, affiliations, institutions), undecided."""
    return tuple(rulebook.screener.screen(_names(row)))


def _names(row: HostedVisit) -> list[str]:
    from travelprep.engine.visit import InvalidVisit, parse_visit

    try:
        return parse_visit(row.visit).screened_names()
    except InvalidVisit:
        # Saved under older rules: its names are still screened as typed.
        visitor = row.visit.get("visitor") or {}
        names = [str(a.get("institution", "")) for a in visitor.get("affiliations") or []]
        names += [str(name) for name in row.visit.get("institutions") or []]
        return [name for name in [*names, str(visitor.get("name", ""))] if name.strip()]


def store_hits(session: Session, *, row: HostedVisit, rulebook: Rulebook, today: date) -> None:
    """Screen the visit's names afresh and keep the hits (when saved and when edited)."""
    visit_hits.store_hits(session, visit_id=row.id, results=screening_of(row, rulebook), today=today)


def cleared_on(session: Session, *, row: HostedVisit) -> frozenset[tuple[str, str]]:
    """The visit's hits Research Compliance cleared: the host's checklist no longer raises them."""
    return visit_hits.cleared_pairs(session, visit_id=row.id)


def review_of(session: Session, *, row: HostedVisit, rulebook: Rulebook) -> list[HitView]:
    """The visit's hits, each with its decision (and who made it), stored ones included."""
    decisions = visit_hits.decisions_of(session, visit_id=row.id, with_decider=True)
    stored = visit_hits.hits_of(session, visit_id=row.id)
    return review_hits(screening_of(row, rulebook), decisions, stored, with_stored=True)  # type: ignore[arg-type]


def host_hits(session: Session, *, row: HostedVisit, rulebook: Rulebook) -> list[HitView]:
    """The hits the host sees, each with the state of its review (never the note)."""
    decisions = visit_hits.decisions_of(session, visit_id=row.id)
    stored = visit_hits.hits_of(session, visit_id=row.id)
    return review_hits(screening_of(row, rulebook), decisions, stored)  # type: ignore[arg-type]


def record_decision(
    session: Session, *, row: HostedVisit, user: User, change: DecisionIn, rulebook: Rulebook
) -> VisitScreeningDecision:
    """Record or revise a decision on one hit of the visit, and audit it."""
    if row.host_id == user.id:
        raise OwnVisit(
            "You host this visit, so you may not decide on its screening hits. "
            "Ask another compliance officer to review them."
        )
    hits = review_of(session, row=row, rulebook=rulebook)
    return decide_hit(session, hits=hits, change=change, user=user, model=VisitScreeningDecision,
                      object_type="visit", object_id=row.id, unknown=UnknownVisitHit)  # fmt: skip


def history(session: Session, *, row: HostedVisit) -> list[dict[str, Any]]:
    """Every decision recorded on the visit, oldest first, from the audit log."""
    return decision_history(session, object_type="visit", object_id=row.id)


@dataclass(frozen=True)
class OpenVisitHits:
    """One page of the visitor screening review, read from the stored hits: visits and their hits."""

    found: list[tuple[Any, list[HitView]]]
    total: int
    total_capped: bool
    next_cursor: str | None


def open_hits(session: Session, *, today: date, after: str = "") -> OpenVisitHits:
    """Active visits not yet over whose stored hits are undecided or escalated, soonest arrival first."""
    page = visit_hits.visits_to_review(session, today=today, after=after)
    ids = [visit.id for visit in page.rows]
    decided = visit_hits.decisions_of_visits(session, visit_ids=ids)
    stored = visit_hits.hits_of_visits(session, visit_ids=ids)
    found = []
    for visit in page.rows:
        by_pair = {(d.query_key, d.entity_id): d for d in decided[visit.id]}
        hits = [stored_hit(h, by_pair.get((h.query_key, h.entity_id))) for h in stored[visit.id]]  # type: ignore[arg-type]
        found.append((visit, hits))
    return OpenVisitHits(found, page.total, page.total_capped, page.next_cursor)


def open_count(session: Session, *, today: date) -> tuple[int, bool]:
    """How many visits /staff/screening/visits lists (and whether the count was capped)."""
    return visit_hits.count_to_review(session, today=today)
