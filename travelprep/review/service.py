"""Recording Research Compliance's decisions on screening hits, for the pages and the API alike.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.db import audit
from travelprep.db.models import ScreeningDecision, Trip, User
from travelprep.errors import Forbidden, NotFound
from travelprep.review import hit_store
from travelprep.review import repository as screening_decisions
from travelprep.review.hit_store import HitChanges
from travelprep.review.view import HitView, QueueHit, review_hits
from travelprep.screening.clearance import query_key
from travelprep.trips import repository as trips

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.screening import ScreeningResult

NOTE_MAX = 2000
# Control characters (but not the line break), Unicode line separators and the bidirectional
# overrides that can make a note read differently from what is stored ("Trojan Source").
_NOTE_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_note(text: str) -> str:
    """The note with line breaks normalized, control characters gone and spacing tidied."""
    lines = _NOTE_CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


class DecisionIn(BaseModel):
    """A decision on one hit: which institution name, which listed entity, what, and why."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=200, description="The institution as on the itinerary.")
    entity_id: str = Field(min_length=1, max_length=200, description="The listed entity's id.")
    decision: Literal["false_positive", "cleared", "escalated"]
    note: str = Field(description=f"Why (required; at most {NOTE_MAX} characters, kept internal).")

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        note = clean_note(value)
        if not note:
            raise ValueError("write a note that says why you decided this")
        if len(note) > NOTE_MAX:
            raise ValueError(
                f"the note is {len(note):,} characters long; keep it to {NOTE_MAX:,} "
                "and put longer material in the case file"
            )
        return note


class UnknownHit(NotFound):
    """This name and entity are not a screening hit of the trip: reload the page."""


class OwnTrip(Forbidden):
    """Nobody decides on screening hits of their own trip: another compliance officer must."""


def screening_of(trip: Trip, rulebook: Rulebook) -> tuple[ScreeningResult, ...]:
    """Every candidate match of the trip's institutions, decisions not applied."""
    return tuple(rulebook.screener.screen(_institutions(trip)))


def _institutions(trip: Trip) -> list[str]:
    from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

    names = trip.itinerary.get("institutions")
    if not names:
        return []
    try:
        return parse_itinerary(trip.itinerary).institutions
    except InvalidItinerary:
        # Saved under older rules (its page says so): its names are still screened as typed.
        return [str(name) for name in names if str(name).strip()]


def review_of(session: Session, *, trip: Trip, rulebook: Rulebook) -> list[HitView]:
    """The trip's hits, each with its decision (and who made it), and stored ones since withdrawn."""
    decisions = screening_decisions.for_trip(session, trip_id=trip.id, with_decider=True)
    stored = hit_store.for_trip(session, trip_id=trip.id)
    return review_hits(screening_of(trip, rulebook), decisions, stored, with_stored=True)


def record_decision(
    session: Session, *, trip: Trip, user: User, change: DecisionIn, rulebook: Rulebook, today: date
) -> ScreeningDecision:
    """Record or revise a decision, audit it, and let the trip's stored items follow it."""
    if trip.user_id == user.id:
        raise OwnTrip(
            "This is your own trip, so you may not decide on its screening hits. "
            "Ask another compliance officer to review them."
        )
    hits = review_of(session, trip=trip, rulebook=rulebook)
    row = decide_hit(session, hits=hits, change=change, user=user, model=ScreeningDecision,
                     object_type="trip", object_id=trip.id, unknown=UnknownHit)  # fmt: skip
    hit_store.refresh_review_flags(session, trip_ids=[trip.id])  # the review list follows the decision
    _reconcile(session, trip=trip, user=user, rulebook=rulebook, today=today)
    return row


def _reconcile(session: Session, *, trip: Trip, user: User, rulebook: Rulebook, today: date) -> None:
    # The stored item rows follow the checklist: a cleared hit drops restricted-party-match.
    from travelprep.trips.service import checklist_for

    cleared = screening_decisions.cleared_pairs(screening_decisions.for_trip(session, trip_id=trip.id))
    trips.reconcile_items(
        session, trip=trip, checklist=checklist_for(trip, rulebook, today, cleared=cleared), actor=user
    )


Decision = TypeVar("Decision")  # a trip's ScreeningDecision, or a visit's


def decide_hit(
    session: Session,
    *,
    hits: Iterable[HitView],
    change: DecisionIn,
    user: User,
    model: type[Decision],
    object_type: str,
    object_id: int,
    unknown: type[NotFound],
) -> Decision:
    """Record or revise the decision on the hit `change` names among a trip's or visit's `hits`, and
    audit it; `unknown` is raised when it names none. The owner column is `object_type`_id."""
    key = query_key(change.query)
    hit = next((h for h in hits if h.query_key == key and h.match.entity_id == change.entity_id), None)
    if hit is None:
        raise unknown()
    decided = {
        "query": hit.query,
        "listed_name": hit.match.name,
        "decision": change.decision,
        "note": change.note,
    }
    owner = {f"{object_type}_id": object_id}
    row, previous = screening_decisions.upsert_decision_row(
        session, model, owner, key, hit.match.entity_id, decided, user
    )
    audit_decision(session, user=user, object_type=object_type, object_id=object_id, hit=hit, key=key,
                   change=change, previous=previous)  # fmt: skip
    return row


def audit_decision(
    session: Session,
    *,
    user: User,
    object_type: str,
    object_id: int,
    hit: Any,
    key: str,
    change: Any,
    previous: str | None,
) -> None:
    """The audit log's record of a decision on a hit of a trip or visit: its history reads it."""
    detail = {
        "query": hit.query,
        "query_key": key,
        "entity_id": hit.match.entity_id,
        "listed_name": hit.match.name,
        "decision": change.decision,
        "previous": previous,
        "note": change.note,
    }
    audit.record(
        session, actor=user, action="screening.decision", object_type=object_type, object_id=object_id,
        detail=detail,
    )  # fmt: skip


def history(session: Session, *, trip: Trip) -> list[dict[str, Any]]:
    """Every decision recorded on the trip, oldest first, from the audit log."""
    return decision_history(session, object_type="trip", object_id=trip.id)


def decision_history(session: Session, *, object_type: str, object_id: int) -> list[dict[str, Any]]:
    """Every decision recorded on a trip or visit, oldest first, with who made it."""
    events = [
        e
        for e in audit.for_object(session, object_type=object_type, object_id=object_id)
        if e.action == "screening.decision"
    ]
    ids = {e.actor_id for e in events if e.actor_id is not None}
    emails = dict(session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
    return [{"at": e.at, "by": emails.get(e.actor_id, "unknown"), **e.detail} for e in events]


@dataclass(frozen=True)
class OpenHits:
    """One page of the screening review, read from the stored hits: trips and their hits."""

    found: list[tuple[Any, list[QueueHit]]]
    total: int  # trips not yet over with hits to review (at most COUNT_CAP)
    total_capped: bool
    next_cursor: str | None  # None on the last page


def open_hits(session: Session, *, today: date, after: str = "", search: str = "") -> OpenHits:
    """Trips not yet over with stored hits to review, soonest departure first, a page after `after`.

    A trip is listed while a hit is undecided or escalated (an escalated hit even once
    withdrawn); each shows all its stored hits, withdrawn ones marked, with their decisions.
    """
    page = screening_decisions.trips_to_review(session, today=today, after=after, search=search)
    listed = hit_store.listed_with_decisions(session, trip_ids=[trip.id for trip in page.rows])
    found = [(trip, [_queue_hit(row) for row in listed[trip.id]]) for trip in page.rows]
    return OpenHits(found, page.total, page.total_capped, page.next_cursor)


def _queue_hit(row) -> QueueHit:
    return QueueHit(
        query=row.query,
        name=row.listed_name,
        score=row.score,
        list=row.list_name,
        as_of=row.list_version,
        new_since=row.new_since,
        withdrawn_on=row.withdrawn_on,
        decision=row.decision,
    )


def store_hits(
    session: Session, *, trip: Trip, rulebook: Rulebook, today: date, list_update: bool = False
) -> HitChanges:
    """Screen the trip's names afresh and store the hits (at save, and when re-screening)."""
    changes = hit_store.record(
        session, trip_id=trip.id, results=screening_of(trip, rulebook), today=today, list_update=list_update
    )
    hit_store.refresh_review_flags(session, trip_ids=[trip.id])
    return changes


def traveler_hits(session: Session, *, trip: Trip, rulebook: Rulebook) -> list[HitView]:
    """The hits the traveler sees, marked "new since the list update of DATE" where one brought them."""
    decisions = screening_decisions.for_trip(session, trip_id=trip.id)
    stored = hit_store.for_trip(session, trip_id=trip.id)
    return review_hits(screening_of(trip, rulebook), decisions, stored)
