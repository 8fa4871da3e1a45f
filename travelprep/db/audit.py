"""The append-only audit log of who changed what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.db.models import AuditEvent, User


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event; it is committed with the change it describes."""
    session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail or {},
        )
    )


def for_object(session: Session, *, object_type: str, object_id: object) -> list[AuditEvent]:
    """The events about one object, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
            .order_by(AuditEvent.id)
        )
    )
