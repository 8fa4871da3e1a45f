"""A trip's screening hits joined with Research Compliance's decisions, for pages and the API.

Notes are internal to Research Compliance (they may record sources, contacts or concerns
about the traveler's hosts), so the traveler sees the state of each hit, never the note.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from travelprep.db.models import CLEARING_DECISIONS, ScreeningDecision, ScreeningHit
from travelprep.screening import Match, ScreeningResult
from travelprep.screening.clearance import query_key

STAFF_LABELS = {
    "open": "Undecided",
    "false_positive": "False positive",
    "cleared": "Cleared",
    "escalated": "Escalated",
}
TRAVELER_LABELS = {
    "open": "Under review by Research Compliance",
    "escalated": "Under review by Research Compliance (escalated): do not engage until they contact you",
    "cleared": "Cleared by Research Compliance",
    "false_positive": "Cleared by Research Compliance: not the listed party",
}


@dataclass(frozen=True)
class HitView:
    """One hit (a match at or above the threshold) of one institution, with its decision."""

    query: str
    query_key: str
    match: Match
    decision: ScreeningDecision | None
    stored: ScreeningHit | None = None  # the hit as stored by the last screening, if it was

    @property
    def state(self) -> str:
        """`open` while undecided, else the decision."""
        return self.decision.decision if self.decision else "open"

    @property
    def new_since(self) -> str | None:
        """The date of the list update that brought the hit (None: found when the trip was saved)."""
        return self.stored.new_since if self.stored else None

    @property
    def withdrawn_on(self) -> date | None:
        """When a list update removed the listed entry (None: still listed)."""
        return self.stored.withdrawn_on if self.stored else None

    @property
    def raised(self) -> bool:
        """Whether the hit still fires `restricted-party-match` (listed, undecided or escalated)."""
        return self.withdrawn_on is None and self.state not in CLEARING_DECISIONS

    @property
    def anchor(self) -> str:
        """A stable HTML id for the hit, whatever characters the names hold."""
        digest = hashlib.sha256(f"{self.query_key}\0{self.match.entity_id}".encode()).hexdigest()
        return f"hit-{digest[:12]}"

    def traveler_json(self) -> dict[str, Any]:
        """What the traveler may see: the match and the state, without the note."""
        return {
            "query": self.query,
            "name": self.match.name,
            "entity_id": self.match.entity_id,
            "list": self.match.list,
            "state": self.state,
            "label": TRAVELER_LABELS[self.state],
            "decided_at": self.decision.decided_at.isoformat() if self.decision else None,
            **self._marks(),
        }

    def _marks(self) -> dict[str, Any]:
        # Added keys, present only when set, so hits without them keep the shape clients read.
        marks: dict[str, Any] = {}
        if self.new_since:
            marks["new_since"] = self.new_since
        if self.withdrawn_on:
            marks["withdrawn_on"] = self.withdrawn_on.isoformat()
        return marks

    def staff_json(self) -> dict[str, Any]:
        """Everything Research Compliance needs to decide, with the decision and its note."""
        match, decision = self.match, self.decision
        return {
            "query": self.query,
            "query_key": self.query_key,
            "entity_id": match.entity_id,
            "name": match.name,
            "alias": match.alias,
            "list": match.list,
            "source": match.source,
            "as_of": match.as_of,
            "score": match.score,
            "why": match.why,
            "state": self.state,
            "decision": None
            if decision is None
            else {
                "decision": decision.decision,
                "note": decision.note,
                "decided_at": decision.decided_at.isoformat(),
            },
            **self._marks(),
        }


@dataclass(frozen=True)
class QueueHit:
    """One stored hit as the review list shows it: the name, the listed entry, and its state."""

    query: str
    name: str  # the listed name
    score: float
    list: str
    as_of: str  # the list's as-of date
    new_since: str | None
    withdrawn_on: date | None
    decision: str | None  # None while undecided

    @property
    def state(self) -> str:
        """`open` while undecided, else the decision."""
        return self.decision or "open"

    @property
    def raised(self) -> bool:
        """Whether the hit still fires `restricted-party-match` (listed, undecided or escalated)."""
        return self.withdrawn_on is None and self.state not in CLEARING_DECISIONS


def review_hits(
    results: Iterable[ScreeningResult],
    decisions: Iterable[ScreeningDecision],
    stored: Iterable[ScreeningHit] = (),
    *,
    with_stored: bool = False,
) -> list[HitView]:
    """Every hit of the full (unsuppressed) screening with its decision, once per name and entity.

    Stored hits add their marks (new since a list update); `with_stored` adds the stored hits
    this screening did not find (withdrawn by a list update, or stored by a worker whose
    lists are newer), so staff see what the review queue lists and can decide on it.
    """
    by_pair = {(d.query_key, d.entity_id): d for d in decisions}
    kept = {(row.query_key, row.entity_id): row for row in stored}
    hits, seen = [], set()
    for result in results:
        key = query_key(result.query)
        for match in result.hits:
            pair = (key, match.entity_id)
            row = kept.get(pair)
            if pair not in seen:
                seen.add(pair)
                live = row if row is not None and row.withdrawn_on is None else None
                hits.append(HitView(result.query, key, match, by_pair.get(pair), live))
    if with_stored:
        hits += [stored_hit(row, by_pair.get(pair)) for pair, row in kept.items() if pair not in seen]
    return hits


def stored_hit(row: ScreeningHit, decision: ScreeningDecision | None) -> HitView:
    """A stored hit as the pages show it, without screening again."""
    from travelprep.review.hit_store import as_match

    return HitView(row.query, row.query_key, as_match(row), decision, row)
