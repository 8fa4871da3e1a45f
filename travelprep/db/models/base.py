"""The declarative base, the shared column types, and the value sets the tables allow."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

JsonType = JSON().with_variant(JSONB(), "postgresql")

ROLES = ("traveler", "loaner_staff", "compliance", "admin")
ITEM_STATUSES = ("open", "done", "not_applicable")
TRIP_STATUSES = ("active", "cancelled")


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base every table derives from."""
