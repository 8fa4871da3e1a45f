"""Visits a host registered, and the visitor's countries copied out of them for filtering."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, JsonType, utcnow

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

    host: Mapped[User] = relationship(lazy="raise")
    visitor_countries: Mapped[list[VisitCountry]] = relationship(lazy="raise", cascade="all, delete-orphan")


class VisitCountry(Base):
    """One country the visitor is linked to (citizenship or affiliation): the country filter's index."""

    __tablename__ = "visit_countries"
    __table_args__ = (Index("ix_visit_countries_country_visit", "country", "visit_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))
