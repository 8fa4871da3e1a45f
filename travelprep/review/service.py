"""Recording Research Compliance's decisions on screening hits, for the pages and the API alike.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.db import audit
from travelprep.db.models import ScreeningDecision, Trip, User
from travelprep.db.paging import encode_cursor
from travelprep.errors import Forbidden, NotFound
from travelprep.review import repository as screening_decisions
from travelprep.review.view import HitView, review_hits
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
    from travelprep.engine.itinerary import parse_itinerary

    return parse_itinerary(trip.itinerary).institutions if trip.itinerary.get("institutions") else []


def review_of(session: Session, *, trip: Trip, rulebook: Rulebook) -> list[HitView]:
    """The trip's hits, each with its decision (and who made it)."""
    decisions = screening_decisions.for_trip(session, trip_id=trip.id, with_decider=True)
    return review_hits(screening_of(trip, rulebook), decisions)


def record_decision(
    session: Session, *, trip: Trip, user: User, change: DecisionIn, rulebook: Rulebook, today: date
) -> ScreeningDecision:
    """Record or revise a decision, audit it, and let the trip's stored items follow it."""
    if trip.user_id == user.id:
        raise OwnTrip(
            "This is your own trip, so you may not decide on its screening hits. "
            "Ask another compliance officer to review them."
        )
    key = query_key(change.query)
    hit = next(
        (
            h
            for h in review_of(session, trip=trip, rulebook=rulebook)
            if h.query_key == key and h.match.entity_id == change.entity_id
        ),
        None,
    )
    if hit is None:
        raise UnknownHit()
    row, previous = screening_decisions.upsert(
        session,
        trip=trip,
        query_key=key,
        query=hit.query,
        entity_id=hit.match.entity_id,
        listed_name=hit.match.name,
        decision=change.decision,
        note=change.note,
        actor=user,
    )
    audit.record(
        session,
        actor=user,
        action="screening.decision",
        object_type="trip",
        object_id=trip.id,
        detail={
            "query": hit.query,
            "query_key": key,
            "entity_id": hit.match.entity_id,
            "listed_name": hit.match.name,
            "decision": change.decision,
            "previous": previous,
            "note": change.note,
        },
    )
    _reconcile(session, trip=trip, user=user, rulebook=rulebook, today=today)
    return row


def _reconcile(session: Session, *, trip: Trip, user: User, rulebook: Rulebook, today: date) -> None:
    # The stored item rows follow the checklist: a cleared hit drops restricted-party-match.
    from travelprep.trips.service import checklist_for

    cleared = screening_decisions.cleared_pairs(screening_decisions.for_trip(session, trip_id=trip.id))
    trips.reconcile_items(
        session, trip=trip, checklist=checklist_for(trip, rulebook, today, cleared=cleared), actor=user
    )


def history(session: Session, *, trip: Trip) -> list[dict[str, Any]]:
    """Every decision recorded on the trip, oldest first, from the audit log."""
    events = [
        e
        for e in audit.for_object(session, object_type="trip", object_id=trip.id)
        if e.action == "screening.decision"
    ]
    ids = {e.actor_id for e in events if e.actor_id is not None}
    emails = dict(session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
    return [{"at": e.at, "by": emails.get(e.actor_id, "unknown"), **e.detail} for e in events]


@dataclass(frozen=True)
class OpenHits:
    """One page of the screening review: trips with raised hits, and how far the screening got."""

    found: list[tuple[Any, list[HitView]]]
    screened: int  # trips screened for this page
    to_screen: int  # active trips not yet over that name institutions (at most COUNT_CAP)
    to_screen_capped: bool
    next_cursor: str | None  # where the next page starts screening; None when all are done


SCREEN_BATCH = 100  # trips read and screened at a time
SCREEN_LIMIT = 500  # trips screened for one page at most, so a page stays fast
HITS_PAGE = 50  # trips with raised hits shown on one page at most


def open_hits(session: Session, *, rulebook: Rulebook, today: date, after: str = "") -> OpenHits:
    """Trips not yet over whose hits are raised (undecided or escalated), soonest departure first.

    Only trips that name institutions are screened, at most SCREEN_LIMIT per page, from `after` on.
    """
    found: list[tuple[Any, list[HitView]]] = []
    screened, cursor = 0, after
    # Many trips name the same institutions: screen each list of names once per page.
    results: dict[tuple[str, ...], tuple[ScreeningResult, ...]] = {}
    while True:
        batch = screening_decisions.trips_to_screen(session, today=today, after=cursor, limit=SCREEN_BATCH)
        decided = screening_decisions.for_trips(session, trip_ids=[t.id for t in batch.rows])
        for n, trip in enumerate(batch.rows, start=1):
            screened += 1
            names = tuple(trip.itinerary.get("institutions") or ())
            if names not in results:
                results[names] = screening_of(trip, rulebook)
            raised = [h for h in review_hits(results[names], decided[trip.id]) if h.raised]
            if raised:
                found.append((trip, raised))
            if len(found) == HITS_PAGE or screened == SCREEN_LIMIT:
                more = n < len(batch.rows) or batch.next_cursor is not None
                cursor = encode_cursor((trip.departure, trip.id)) if more else None
                break
        else:
            cursor = batch.next_cursor
            if cursor is not None:
                continue
        break
    total, capped = screening_decisions.count_to_screen(session, today=today)
    return OpenHits(found, screened, total, capped, cursor)
