"""Research Compliance's decisions on restricted-party screening hits."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, utcnow

if TYPE_CHECKING:
    from travelprep.db.models.accounts import User


SCREENING_DECISIONS = ("false_positive", "cleared", "escalated")
CLEARING_DECISIONS = frozenset({"false_positive", "cleared"})  # the hit is not raised again


class ScreeningDecision(Base):
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
    query_key: Mapped[str] = mapped_column(Text)  # screening.clearance.query_key of the name
    query: Mapped[str] = mapped_column(String(200))  # the institution as the traveler typed it
    entity_id: Mapped[str] = mapped_column(String(200))
    listed_name: Mapped[str] = mapped_column(String(500))
    decision: Mapped[str] = mapped_column(String(20))  # false_positive | cleared | escalated
    note: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    decider: Mapped[User] = relationship(lazy="raise")
