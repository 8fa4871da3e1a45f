"""The mail outbox: any feature enqueues messages; `travelprep reminders send` delivers them.

`enqueue` is idempotent by `dedupe_key` (INSERT ... ON CONFLICT DO NOTHING, on SQLite and
PostgreSQL alike), so a job that runs twice, or on two machines at once, queues a message once.
Delivery claims one message at a time with a conditional UPDATE, so two senders never both
send it. On PostgreSQL `claim_next` picks the message with FOR UPDATE SKIP LOCKED, so senders
on several instances take different messages instead of queueing on the same row. A sender
that dies between sending and recording lets its claim lapse (LEASE) and the message is sent
again: at least once, never twice while senders are healthy.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from travelprep.db.models import OutboxMessage, utcnow

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def insert_ignoring_conflict(session: Session, table, values: dict, *, keys: list[str]):
    """An INSERT that does nothing when the unique `keys` already exist (returns the new id or None)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(statement.returning(table.id)).scalar()


def enqueue_message(
    session: Session, *, dedupe_key: str, to: str, subject: str, text: str, html: str = ""
) -> int | None:
    """Queue one message; its id, or None when a message with this key was queued before."""
    values = {
        "dedupe_key": dedupe_key[:200],
        "recipient": to,
        "subject": subject[:400],
        "text": text,
        "html": html,
        "created_at": utcnow(),
        "attempts": 0,
        "last_error": "",
    }
    return insert_ignoring_conflict(session, OutboxMessage, values, keys=["dedupe_key"])


def enqueue(session: Session, *, dedupe_key: str, to: str, subject: str, text: str, html: str = "") -> bool:
    """Queue one message unless one with this key was ever queued; True when it was queued now."""
    return (
        enqueue_message(session, dedupe_key=dedupe_key, to=to, subject=subject, text=text, html=html)
        is not None
    )


def pending(session: Session, *, now: datetime, limit: int = 500) -> list[OutboxMessage]:
    """Unsent messages nobody holds a live claim on, oldest first."""
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < MAX_ATTEMPTS,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim_next(session: Session, *, now: datetime, after_id: int = 0) -> int | None:
    """Claim the oldest pending message after `after_id` that no other sender holds; its id or None.

    One UPDATE whose subquery picks the row: on SQLite the write comes first, so senders queue
    on the write lock; on PostgreSQL the pick skips rows another sender has locked.
    """
    pick = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.id > after_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < MAX_ATTEMPTS,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == pick.scalar_subquery())
        .values(claimed_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar()


def claim(session: Session, *, message_id: int, now: datetime) -> bool:
    """Take a pending message for sending; False when another sender took it or it was sent."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def mark_sent(session: Session, *, message_id: int, now: datetime) -> None:
    """Record that the message went out."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sent_at=now, claimed_until=None, last_error="")
        .execution_options(synchronize_session=False)
    )


def mark_failed(session: Session, *, message_id: int, error: str) -> None:
    """Release the claim and keep the error; the next run tries again (up to MAX_ATTEMPTS)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(claimed_until=None, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
