"""Steps the visit tests share: register a visit through the form, decide on a hit, read the log."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from travelprep.db.engine import make_session_factory
from travelprep.db.models import AuditEvent

LISTED = "Harbin Institute of Technology"  # on the shipped list, as entity ENTITY
ENTITY = "shipped:hit"
MATCH = "visitor-restricted-party-match"


def visit_form(**changes) -> dict:
    """A valid visit as the form posts it: a speaker from Tongji University, with no hit."""
    data = {
        "host.name": "Ada Lovelace",
        "host.email": "ada@example.edu",
        "visitor.name": "Chen Jing",
        "visitor.email": "chen.jing@example.cn",
        "visitor.citizenships": ["China", ""],
        "visitor.affiliations[0].institution": "Tongji University",
        "visitor.affiliations[0].country": "China",
        "visitor.affiliations[0].current": "1",
        "visitor.affiliations[1].institution": "",
        "visitor.affiliations[1].country": "",
        "visitor.affiliations[2].institution": "",
        "visitor.affiliations[2].country": "",
        "arrive": "2027-02-15",
        "depart": "2027-02-17",
        "purposes": ["talk"],
        "visa": "B",
        "lab": "",
        "institutions": "",
    }
    return data | changes


def create_visit(client: TestClient, **changes) -> int:
    """Register a visit through /visits/new; returns its id."""
    response = client.post("/visits/new", data=visit_form(**changes))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def listed_visit(client: TestClient, **changes) -> int:
    """A visit whose visitor's current affiliation is on a restricted-party list."""
    return create_visit(client, **({"visitor.affiliations[0].institution": LISTED} | changes))


def decide(client: TestClient, visit_id: int, decision: str, note: str = "Checked.", **extra):
    """Post the decision form of the visit's screening page for the listed affiliation."""
    data = {"query": LISTED, "entity_id": ENTITY, "decision": decision, "note": note} | extra
    return client.post(f"/visits/{visit_id}/screening", data=data)


def item_ids(page: str) -> set[str]:
    """The checklist items on a visit page."""
    return set(re.findall(r'<li class="item[^"]*" id="item-([\w-]+)"', page))


def audit_events(app, visit_id: int, action: str) -> list[AuditEvent]:
    """The visit's audit events of one kind, oldest first."""
    query = (
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "visit",
            AuditEvent.object_id == str(visit_id),
            AuditEvent.action == action,
        )
        .order_by(AuditEvent.id)
    )
    with make_session_factory(app.state.engine)() as session:
        return list(session.scalars(query))
