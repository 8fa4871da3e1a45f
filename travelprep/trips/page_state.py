"""What a trip page shows that can change, read in one round trip: the key of its rendered HTML.

A view of a page rendered before then costs one light query (no ORM objects, no itinerary
JSON to decode) for the signed-in user and the trip, its statuses, decisions and loaner
requests, instead of a query for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import CompoundSelect, Integer, bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from travelprep.db.models import ChecklistChange, LoanerRequest, ScreeningDecision, Trip, TripItem, User

ItemState = tuple[str, str, str, datetime | None]  # item id, status, note, dropped at
DecisionState = tuple[str, str, str, datetime]  # query key, entity id, decision, decided at
LoanState = tuple[int, str, int, datetime]  # id, state, revision, updated at


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as pages show and check them: who they are and their role."""

    id: int
    email: str
    role: str
    # Which session cookies are still good (accounts/auth.py); not part of what a page shows.
    session_version: int = field(default=0, compare=False)

    @classmethod
    def of(cls, user: User) -> Viewer:
        """The viewer that is this user."""
        return cls(user.id, user.email, user.role, user.session_version or 0)


@dataclass(frozen=True)
class TripPageState:
    """The stored values a trip page shows, sorted; the itinerary changes only with `updated_at`."""

    trip_id: int
    owner_id: int
    status: str
    updated_at: datetime
    items: tuple[ItemState, ...]
    decisions: tuple[DecisionState, ...]
    loans: tuple[LoanState, ...]
    changes: tuple[int, ...] = ()  # ids of the diffs the traveler has not dismissed

    @classmethod
    def of(
        cls,
        trip: Trip,
        statuses: Iterable[TripItem],
        decisions: Iterable[ScreeningDecision],
        loans: Iterable[LoanerRequest],
        changes: Iterable[int] = (),
    ) -> TripPageState:
        """The state of loaded rows: what a page rendered from exactly these rows is stored under."""
        return cls(
            trip.id,
            trip.user_id,
            trip.status,
            trip.updated_at,
            tuple(sorted((r.item_id, r.status, r.note, r.dropped_at) for r in statuses)),
            tuple(sorted((d.query_key, d.entity_id, d.decision, d.decided_at) for d in decisions)),
            tuple(sorted((loan.id, loan.state, loan.revision, loan.updated_at) for loan in loans)),
            tuple(sorted(changes)),
        )


def _state_statement() -> CompoundSelect:
    """The viewer, the trip and its rows as one UNION ALL of (kind, three texts, a time, two numbers).

    The trip's select comes first and has a concrete type in every column, which PostgreSQL
    then gives the whole union. Built once: building a statement costs more than running it.
    """
    trip_id = bindparam("trip_id", type_=Integer)
    viewer = select(
        literal("viewer"), User.email, User.role, literal(""), User.created_at, User.id, User.session_version
    ).where(User.id == bindparam("viewer_id", type_=Integer))
    trip = select(
        literal("trip"), Trip.status, literal(""), literal(""), Trip.updated_at, Trip.user_id, literal(0)
    ).where(Trip.id == trip_id)
    items = select(
        literal("item"), TripItem.item_id, TripItem.status, TripItem.note, TripItem.dropped_at,
        literal(0), literal(0),
    ).where(TripItem.trip_id == trip_id)  # fmt: skip
    decisions = select(
        literal("decision"), ScreeningDecision.query_key, ScreeningDecision.entity_id,
        ScreeningDecision.decision, ScreeningDecision.decided_at, literal(0), literal(0),
    ).where(ScreeningDecision.trip_id == trip_id)  # fmt: skip
    loans = select(
        literal("loan"), LoanerRequest.state, literal(""), literal(""), LoanerRequest.updated_at,
        LoanerRequest.id, LoanerRequest.revision,
    ).where(LoanerRequest.trip_id == trip_id)  # fmt: skip
    changes = select(
        literal("change"), literal(""), literal(""), literal(""), ChecklistChange.created_at,
        ChecklistChange.id, literal(0),
    ).where(ChecklistChange.trip_id == trip_id, ChecklistChange.acknowledged_at.is_(None))  # fmt: skip
    return union_all(trip, viewer, items, decisions, loans, changes)


_STATE = _state_statement()


def page_state(
    session: Session, *, trip_id: int, viewer_id: int
) -> tuple[Viewer | None, TripPageState | None]:
    """The user with id `viewer_id` and the trip's page state, each None when not found."""
    found: dict[str, list] = {"trip": [], "viewer": [], "item": [], "decision": [], "loan": [], "change": []}
    for kind, *values in session.execute(_STATE, {"trip_id": trip_id, "viewer_id": viewer_id}):
        found[kind].append(values)
    viewer = None
    if found["viewer"]:
        email, role, _, _, user_id, session_version = found["viewer"][0]
        viewer = Viewer(user_id, email, role, session_version)
    if not found["trip"]:
        return viewer, None
    status, _, _, updated_at, owner_id, _ = found["trip"][0]
    return viewer, TripPageState(
        trip_id,
        owner_id,
        status,
        updated_at,
        tuple(sorted((a, b, c, at) for a, b, c, at, _, _ in found["item"])),
        tuple(sorted((a, b, c, at) for a, b, c, at, _, _ in found["decision"])),
        tuple(sorted((number, a, revision, at) for a, _, _, at, number, revision in found["loan"])),
        tuple(sorted(number for _, _, _, _, number, _ in found["change"])),
    )
