"""Failed sign-ins per client address, in the database so that every worker counts them all."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from travelprep.db.models import SignInFailure


def oldest_recent(session: Session, *, client: str, since: float, limit: int) -> float | None:
    """When the oldest of `client`'s failures after `since` happened, if there are `limit` of them."""
    times = session.scalars(
        select(SignInFailure.at)
        .where(SignInFailure.client == client, SignInFailure.at > since)
        .order_by(SignInFailure.at.desc())
        .limit(limit)
    ).all()
    return times[-1] if len(times) >= limit else None


def add(session: Session, *, client: str, at: float, forget_before: float) -> None:
    """Count one failure of `client` at `at`, and forget everyone's failures before `forget_before`."""
    session.execute(delete(SignInFailure).where(SignInFailure.at <= forget_before))
    session.add(SignInFailure(client=client, at=at))
    session.flush()
