"""Users who sign in and their personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from travelprep.db.models.base import Base, JsonType, utcnow


class User(Base):
    """A person who signs in; `profile` remembers the traveler details for new trips."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="traveler")
    profile: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The SHA-256 (hex) of the secret part of the personal feed URL /calendar/{token}.ics (and,
    # for loaner desk staff, /loaner/calendar/{token}.ics); None until first shown. The plain
    # token is kept only sealed with the app secret, to show the link again (calendar/feed_tokens.py).
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_token_sealed: Mapped[str | None] = mapped_column(Text, default=None)
    email_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    # Session cookies carry the version they were issued at; signing out and role changes
    # bump it, which ends every earlier cookie of the user.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


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


class SignInFailure(Base):
    """One failed sign-in (or bad token) from a client address, shared by every worker.

    Kept only for the guard's window (web/signin_guard.py deletes older ones as it adds).
    """

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_client_at", "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))  # an address, or "" when none is known
    at: Mapped[float] = mapped_column(Float(precision=53), index=True)  # seconds since the epoch
