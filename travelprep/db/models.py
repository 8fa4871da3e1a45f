"""The tables: users, trips, legs, item statuses, tokens, audit log, screening decisions,
mail outbox, loaner devices, requests and reservations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
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
    # The secret part of the personal feed URL /calendar/{token}.ics (and, for loaner desk staff,
    # /loaner/calendar/{token}.ics); None until first shown.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    email_reminders: Mapped[bool] = mapped_column(Boolean, default=True)


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
    # The calendar events' SEQUENCE: bumped on every itinerary edit and on cancellation.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0)

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


class OutboxMessage(Base):
    """One email to send; `dedupe_key` is unique, so enqueuing the same message twice is a no-op."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(400))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # A sender owns a pending message until then; another sender skips it (no double send).
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SentReminder(Base):
    """One reminder of one item due on one date, recorded once: the unique key stops repeats."""

    __tablename__ = "sent_reminders"
    __table_args__ = (
        Index("uq_sent_reminders_key", "trip_id", "item_id", "kind", "due", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # "due_soon" or "overdue"
    due: Mapped[date] = mapped_column(Date)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Device(Base):
    """A loaner device in the desk's inventory; retired devices stay for the record."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_tag: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # laptop | phone | tablet | hotspot
    model: Mapped[str] = mapped_column(String(200), default="")
    os: Mapped[str] = mapped_column(String(100), default="")
    serial: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoanerRequest(Base):
    """A traveler's request for loaner devices, optionally for one of their trips."""

    __tablename__ = "loaner_requests"
    __table_args__ = (Index("ix_loaner_requests_state_pickup", "state", "pickup_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int | None] = mapped_column(ForeignKey("trips.id", ondelete="SET NULL"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kinds: Mapped[str] = mapped_column(String(60))  # "laptop phone", in KINDS order
    pickup_date: Mapped[date] = mapped_column(Date)
    return_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="requested")
    revision: Mapped[int] = mapped_column(Integer, default=0)  # the calendar's SEQUENCE
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    requester: Mapped[User] = relationship(lazy="raise")

    @property
    def kind_list(self) -> list[str]:
        """The kinds asked for, as a list."""
        return self.kinds.split()


class LoanerTransition(Base):
    """One state change of a loaner request: who, when, from, to, why. Kept forever."""

    __tablename__ = "loaner_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("loaner_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[str | None] = mapped_column(String(20))  # None: the request was made
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class Reservation(Base):
    """A device held for a request from `starts` to `ends`, both days inclusive.

    The database refuses two overlapping reservations of one device (see migration 0002).
    """

    __tablename__ = "reservations"
    __table_args__ = (Index("ix_reservations_device_dates", "device_id", "starts", "ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("loaner_requests.id", ondelete="CASCADE"), index=True)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    device: Mapped[Device] = relationship(lazy="raise")
