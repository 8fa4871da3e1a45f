"""Re-screening visits after the restricted-party lists change, as part of the trips' pass.

Every active visit not yet over is screened again; hits a list update brought are stored as new
since it, hits it removed are dropped, and decisions stay under their (visit, name, entity) key.
Batches are claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL, and take the write lock on
SQLite, so two passes at once share the visits; storing is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from travelprep.db import audit
from travelprep.db.engine import begin_writing
from travelprep.db.models import HostedVisit, utcnow
from travelprep.visit_review import repository as visit_hits
from travelprep.visit_review.service import screening_of

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook

BATCH = 100


@dataclass(frozen=True)
class VisitRescreen:
    """What a pass did to visits: how many were screened, and how many had their hits change."""

    screened: int = 0
    changed: int = 0


def rescreen_visits(
    session_factory: sessionmaker[Session], *, rulebook: Rulebook, today: date, trigger: str
) -> VisitRescreen:
    """Screen every active visit not yet over again; store the hits and audit the changes."""
    screened = changed = after = 0
    while True:
        with session_factory() as session:
            begin_writing(session)
            rows = list(session.scalars(_claim(today, after)))
            if not rows:
                break
            for row in rows:
                results = screening_of(row, rulebook)
                if visit_hits.store_hits(
                    session, visit_id=row.id, results=results, today=today, list_update=True
                ):
                    changed += 1
                    row.screening_hit = any(result.hits for result in results)
                    row.updated_at = utcnow()
                    audit.record(
                        session, actor=None, action="screening.rescreen", object_type="visit",
                        object_id=row.id, detail={"trigger": trigger},
                    )  # fmt: skip
            screened += len(rows)
            after = rows[-1].id
            session.commit()
    return VisitRescreen(screened, changed)


def _claim(today: date, after: int):
    # Rows another pass holds are left to it (ignored on SQLite, where the lock is the file's).
    return (
        select(HostedVisit)
        .where(HostedVisit.status == "active", HostedVisit.depart >= today, HostedVisit.id > after)
        .order_by(HostedVisit.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True, of=HostedVisit)
    )
