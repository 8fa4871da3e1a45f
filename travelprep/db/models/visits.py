"""Visits a host registered, the visitor's countries copied out of them for filtering, the
host's item statuses, and the visitor's screening hits with Research Compliance's decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, JsonType, utcnow
from travelprep.db.models.review import DecisionColumns, HitColumns

if TYPE_CHECKING:
    from travelprep.db.models.accounts import User


class HostedVisit(Base):
    """A saved visit (the README's format); dates, names and flags are copied out for the staff lists."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_arrive_id", "arrive", "id"),  # the staff list's order and its keyset
        Index("ix_visits_depart_arrive", "depart", "arrive"),  # who is on campus on a day
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    visit: Mapped[dict[str, Any]] = mapped_column(JsonType)
    host_name: Mapped[str] = mapped_column(String(200))
    host_email: Mapped[str] = mapped_column(String(320))
    visitor_name: Mapped[str] = mapped_column(String(200))
    visitor_email: Mapped[str] = mapped_column(String(320), default="")
    affiliation: Mapped[str] = mapped_column(String(200))  # the first (current) one, for lists
    arrive: Mapped[date] = mapped_column(Date)
    depart: Mapped[date] = mapped_column(Date)
    countries: Mapped[str] = mapped_column(String(400))  # "CN FR": citizenships, then affiliations
    elevated_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    # A restricted-party hit on the visitor's name or an affiliation, as screened when saved.
    screening_hit: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # active | cancelled (migration 0015); a cancelled visit leaves who is on campus and reminders.
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The calendar events' SEQUENCE: bumped on every edit, cancellation and restore.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    host: Mapped[User] = relationship(lazy="raise")
    visitor_countries: Mapped[list[VisitCountry]] = relationship(lazy="raise", cascade="all, delete-orphan")


class VisitCountry(Base):
    """One country the visitor is linked to (citizenship or affiliation): the country filter's index."""

    __tablename__ = "visit_countries"
    __table_args__ = (Index("ix_visit_countries_country_visit", "country", "visit_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))


class VisitItem(Base):
    """The host's status of one item of the visit's checklist, written when the host first marks it."""

    __tablename__ = "visit_items"
    __table_args__ = (Index("uq_visit_items_visit_item", "visit_id", "item_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | not_applicable
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VisitScreeningHit(HitColumns, Base):
    """A screening hit of the visitor's name or an affiliation, as last screened (at save or edit).

    The columns are those of a trip's `screening_hits`, keyed by (visit, normalized name, listed
    entity), so the review pages show both alike and decisions stay attached across screenings.
    """

    __tablename__ = "visit_screening_hits"
    __table_args__ = (
        Index(
            "uq_visit_screening_hits_visit_query_entity", "visit_id", "query_key", "entity_id", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))


class VisitScreeningDecision(DecisionColumns, Base):
    """Research Compliance's current decision on one screening hit of one visit (history: audit log)."""

    __tablename__ = "visit_screening_decisions"
    __table_args__ = (
        Index(
            "uq_visit_screening_decisions_visit_query_entity",
            "visit_id",
            "query_key",
            "entity_id",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))

    decider: Mapped[User] = relationship(lazy="raise")
