"""Trips, their legs and the traveler's item statuses with their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, false, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, JsonType, utcnow

if TYPE_CHECKING:
    from travelprep.db.models.accounts import User


class Trip(Base):
    """A saved itinerary; dates, countries and flags are copied out of it for filtering."""

    __tablename__ = "trips"
    __table_args__ = (
        Index("ix_trips_departure_return", "departure", "return_date"),
        # Staff lists (migration 0007): active trips by departure, by return, by flag.
        *(
            Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))
            for name, columns, where in (
                ("ix_trips_active_departure", ("departure", "id"), "status = 'active'"),
                (
                    "ix_trips_active_return",
                    ("return_date", "departure", "elevated_risk", "sanctioned"),
                    "status = 'active'",
                ),
                ("ix_trips_active_risk", ("departure", "id"), "status = 'active' AND elevated_risk"),
                ("ix_trips_active_sanctioned", ("departure", "id"), "status = 'active' AND sanctioned"),
                (
                    "ix_trips_active_institutions",
                    ("departure", "id"),
                    "status = 'active' AND names_institutions",
                ),
                # The screening review list (migration 0016): trips with stored hits to review.
                ("ix_trips_hits_to_review", ("departure", "id"), "status = 'active' AND hits_to_review"),
            )
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    itinerary: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # The traveler's name for the trip (migration 0011); None: the default, its cities.
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    traveler_name: Mapped[str] = mapped_column(String(200))
    traveler_email: Mapped[str] = mapped_column(String(320))
    departure: Mapped[date] = mapped_column(Date)
    return_date: Mapped[date] = mapped_column(Date)
    countries: Mapped[str] = mapped_column(String(400))  # "CN HK", in leg order
    elevated_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    sanctioned: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the itinerary names institutions: only those trips are screened for the review list.
    names_institutions: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Whether a stored screening hit awaits Research Compliance (review/hit_store.refresh_review_flags).
    hits_to_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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
    __table_args__ = (
        Index("ix_legs_country_dates", "country", "arrive", "depart"),
        Index("ix_legs_depart_arrive", "depart", "arrive"),
        # Who is abroad on a day, anywhere (PostgreSQL only): `daterange(...) @> day`.
        Index(
            "ix_legs_stay_range",
            func.daterange(text("arrive"), text("depart"), text("'[]'")),
            postgresql_using="gist",
        ).ddl_if(dialect="postgresql"),
    )

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
