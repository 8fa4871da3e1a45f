"""Research Compliance's decisions on restricted-party screening hits."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, utcnow

if TYPE_CHECKING:
    from travelprep.db.models.accounts import User


SCREENING_DECISIONS = ("false_positive", "cleared", "escalated")
CLEARING_DECISIONS = frozenset({"false_positive", "cleared"})  # the hit is not raised again


class DecisionColumns:
    """The columns of a decision on one screening hit, a trip's or a visit's, after the owner's id.

    Declarative places a mixin's columns after the class's own (id, then the owner's key), so the
    tables keep the order their migrations gave them.
    """

    query_key: Mapped[str] = mapped_column(Text)  # screening.clearance.query_key of the name
    query: Mapped[str] = mapped_column(String(200))  # the name as the traveler or host typed it
    entity_id: Mapped[str] = mapped_column(String(200))
    listed_name: Mapped[str] = mapped_column(String(500))
    decision: Mapped[str] = mapped_column(String(20))  # false_positive | cleared | escalated
    note: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HitColumns:
    """The columns of a stored screening hit, a trip's or a visit's, after the owner's id (see above)."""

    query_key: Mapped[str] = mapped_column(Text)
    query: Mapped[str] = mapped_column(String(200))
    entity_id: Mapped[str] = mapped_column(String(200))
    listed_name: Mapped[str] = mapped_column(String(500))
    alias: Mapped[str] = mapped_column(String(500))
    list_name: Mapped[str] = mapped_column(String(200))
    list_source: Mapped[str] = mapped_column(String(500))
    list_version: Mapped[str] = mapped_column(String(40))  # the list's as-of date
    score: Mapped[float] = mapped_column(Float)
    why: Mapped[str] = mapped_column(Text)
    first_seen_on: Mapped[date] = mapped_column(Date)
    new_since: Mapped[str | None] = mapped_column(String(40))  # the list update's date, if one brought it
    # The day a list update no longer found it (the name is still given); None while listed.
    withdrawn_on: Mapped[date | None] = mapped_column(Date)


class ScreeningDecision(DecisionColumns, Base):
    """Research Compliance's current decision on one screening hit of one trip.

    One row per (trip, normalized institution name, listed entity); a revision updates it, and
    every change (with its note) goes to the append-only audit log, which is its history.
    """

    __tablename__ = "screening_decisions"
    __table_args__ = (
        Index("uq_screening_decisions_trip_query_entity", "trip_id", "query_key", "entity_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))

    decider: Mapped[User] = relationship(lazy="raise")


class ScreeningHit(HitColumns, Base):
    """A screening hit of one trip as last screened: kept so staff lists read, not re-screen.

    One row per (trip, normalized institution name, listed entity), written when the trip is
    saved and by every re-screening. `new_since` names the list update that brought the hit
    (empty for hits found when the trip was saved); `withdrawn_on` is set once a list update
    removed the entry. Decisions stay in `screening_decisions`, under the same key.
    """

    __tablename__ = "screening_hits"
    __table_args__ = (
        Index("uq_screening_hits_trip_query_entity", "trip_id", "query_key", "entity_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))


class ScreeningPass(Base):
    """One re-screening of every trip not yet over: when, why, against which lists, what changed."""

    __tablename__ = "screening_passes"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    trigger: Mapped[str] = mapped_column(String(200))  # "manual", "import csl", "shipped lists changed"
    lists_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    trips_changed: Mapped[int] = mapped_column(Integer, default=0)
