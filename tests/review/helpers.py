"""Steps the decision tests share: save a trip, record a decision, read the audit log."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.support.web import create_trip
from travelprep.db.engine import make_session_factory
from travelprep.db.models import AuditEvent, ScreeningDecision

ENTITY = "shipped:hit"  # the shipped list's Harbin Institute of Technology


def trip_with(client: TestClient, *institutions: str) -> int:
    """Save a trip naming these institutions; returns its id."""
    return create_trip(client, institutions="\n".join(institutions))


def decide(client: TestClient, trip_id: int, query: str, decision: str, note: str = "Checked.", **extra):
    """Post the decision form of the screening page."""
    data = {"query": query, "entity_id": ENTITY, "decision": decision, "note": note} | extra
    return client.post(f"/trips/{trip_id}/screening", data=data)


def item_ids(page: str) -> set[str]:
    """The checklist items on a trip page."""
    return set(re.findall(r'<li class="item[^"]*" id="item-([\w-]+)"', page))


def audit_events(app, trip_id: int) -> list[AuditEvent]:
    """The trip's screening decisions in the audit log, oldest first."""
    with make_session_factory(app.state.engine)() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "screening.decision", AuditEvent.object_id == str(trip_id))
                .order_by(AuditEvent.id)
            )
        )


def decisions(app) -> list[ScreeningDecision]:
    """Every stored decision."""
    with make_session_factory(app.state.engine)() as session:
        return list(session.scalars(select(ScreeningDecision).order_by(ScreeningDecision.id)))
