"""Queries on users."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.db.models import ROLES, User


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively, so they are stored lower-case."""
    return email.strip().lower()


def get(session: Session, *, user_id: int) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id)


def get_by_email(session: Session, *, email: str) -> User | None:
    """The user with this email, or None."""
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def get_or_create(session: Session, *, email: str, name: str = "", role: str | None = None) -> User:
    """The user with this email, created as a traveler if new; `role`, when given, is applied."""
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    user = get_by_email(session, email=email)
    if user is None:
        user = User(email=normalize_email(email), name=name, role=role or "traveler", profile={})
        session.add(user)
        session.flush()
    elif role is not None and role != user.role:
        user.role = role
        end_sessions(session, user=user)  # a role change must not ride on an old cookie
    return user


def end_sessions(session: Session, *, user: User) -> None:
    """Every session cookie issued to `user` so far stops working."""
    user.session_version = (user.session_version or 0) + 1
    session.flush()


def session_version(session: Session, *, user_id: int) -> int | None:
    """The user's current session version; None if there is no such user."""
    return session.scalar(select(User.session_version).where(User.id == user_id))


def remember_profile(session: Session, *, user: User, traveler: dict[str, Any]) -> None:
    """Keep the traveler details of the latest itinerary to prefill the next one."""
    user.profile = dict(traveler)
    if traveler.get("name"):
        user.name = str(traveler["name"])
