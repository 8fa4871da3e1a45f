"""The tables: users, trips, legs, item statuses, tokens, audit log, screening decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JsonType = JSON().with_variant(JSONB(), "postgresql")

ROLES = ("traveler", "loaner_staff", "compliance", "admin")
ITEM_STATUSES = ("open", "done", "not_applicable")
TRIP_STATUSES = ("active", "cancelled")


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base every table derives from."""


class User(Base):
    """A person who signs in; `profile` remembers the traveler details for new trips."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="traveler")
    profile: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Trip(Base):
    """A saved itinerary; dates, countries and flags are copied out of it for filtering."""

    __tablename__ = "trips"
    __table_args__ = (Index("ix_trips_departure_return", "departure", "return_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    itinerary: Mapped[dict[str, Any]] = mapped_column(JsonType)
    traveler_name: Mapped[str] = mapped_column(String(200))
    traveler_email: Mapped[str] = mapped_column(String(320))
    departure: Mapped[date] = mapped_column(Date)
    return_date: Mapped[date] = mapped_column(Date)
    countries: Mapped[str] = mapped_column(String(400))  # "CN HK", in leg order
    elevated_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    sanctioned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="raise")
    legs: Mapped[list[Leg]] = relationship(
        lazy="raise", order_by="Leg.position", cascade="all, delete-orphan"
    )
    items: Mapped[list[TripItem]] = relationship(lazy="raise", cascade="all, delete-orphan")


class Leg(Base):
    """One stay in one country; indexed for "who is in country X on day D"."""

    __tablename__ = "legs"
    __table_args__ = (Index("ix_legs_country_dates", "country", "arrive", "depart"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(200), default="")
    arrive: Mapped[date] = mapped_column(Date)
    depart: Mapped[date] = mapped_column(Date)


class TripItem(Base):
    """The traveler's status of one checklist item; `dropped_at` is set once it stops applying."""

    __tablename__ = "trip_items"
    __table_args__ = (Index("uq_trip_items_trip_item", "trip_id", "item_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(400))  # kept to show the item once dropped
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    dropped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ItemStatusChange(Base):
    """One change of an item's status, kept forever: the item's history."""

    __tablename__ = "item_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_item_id: Mapped[int] = mapped_column(ForeignKey("trip_items.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))  # open | done | not_applicable | dropped
    note: Mapped[str] = mapped_column(Text, default="")


class ApiToken(Base):
    """A personal bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in listings to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="raise")


class AuditEvent(Base):
    """Who changed what, when; database triggers refuse updates and deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))  # e.g. "trip.create", "item.status"
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


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
