"""Who may do what, by role: the one place role names are grouped (pure, no web)."""

from __future__ import annotations

from typing import Protocol

COMPLIANCE_ROLES = frozenset({"compliance", "admin"})
LOANER_DESK_ROLES = frozenset({"loaner_staff", "admin"})


class HasRole(Protocol):
    role: str


def is_compliance_staff(user: HasRole | None) -> bool:
    """Research Compliance staff and admins review trips and screening hits."""
    return user is not None and user.role in COMPLIANCE_ROLES


def is_loaner_staff(user: HasRole | None) -> bool:
    """Loaner desk staff and admins run the desk."""
    return user is not None and user.role in LOANER_DESK_ROLES


def home_path(user: HasRole) -> str:
    """Where a role lands after signing in: the desk's dashboard, the staff trip list, or My trips."""
    if is_compliance_staff(user):
        return "/staff/trips"
    if is_loaner_staff(user):
        return "/loaner"
    return "/trips"
