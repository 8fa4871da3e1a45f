"""Checklist versions per trip, re-evaluations per data version, the diffs travelers see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from travelprep.db.models.base import Base, JsonType, utcnow


class ChecklistVersion(Base):
    """The checklist a trip was last given: items (id, priority, due, title) and its places' facts.

    A new row whenever a save or the data in force changes what the checklist asks; the
    newest row of a trip is the one the next re-evaluation compares against.
    """

    __tablename__ = "checklist_versions"
    __table_args__ = (Index("ix_checklist_versions_trip", "trip_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    data_version: Mapped[str] = mapped_column(String(64))
    cause: Mapped[str] = mapped_column(String(20))  # "saved" (the traveler) or "data"
    # A hash of the duties and facts (diff.Snapshot.digest): compared without decoding the JSON.
    digest: Mapped[str] = mapped_column(String(32))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    places: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    sources: Mapped[dict[str, Any]] = mapped_column(JsonType)  # kind -> as-of date
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DataChange(Base):
    """One change of the data in force (an import, a rollback, a deploy) and what it did."""

    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    data_version: Mapped[str] = mapped_column(String(64), unique=True)
    cause: Mapped[str] = mapped_column(Text)  # plain words: "the advisory import of 2026-11-30"
    sources: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Reevaluation(Base):
    """A trip evaluated under one data version: the unique key makes it happen once."""

    __tablename__ = "reevaluations"
    __table_args__ = (
        Index("uq_reevaluations_trip_version", "trip_id", "data_version", unique=True),
        Index("ix_reevaluations_version_outcome", "data_version", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    data_version: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))  # unchanged | changed | baseline | invalid
    detail: Mapped[str] = mapped_column(Text, default="")  # why an itinerary no longer validates
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChecklistChange(Base):
    """What changed in a trip's checklist and why, shown until the traveler dismisses it."""

    __tablename__ = "checklist_changes"
    __table_args__ = (
        Index("ix_checklist_changes_trip", "trip_id", "id"),
        Index("ix_checklist_changes_version", "data_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id", ondelete="CASCADE"))
    data_version: Mapped[str] = mapped_column(String(64))
    # [{"item", "change", "reason", "title", "priority"}], in the order shown
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    tightened: Mapped[int] = mapped_column(Integer, default=0)  # entries that add or tighten a duty
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
