"""The JSON API of decisions on a visitor's screening hits (staff tokens), shaped as the trips' one."""

from __future__ import annotations

from fastapi import APIRouter

from travelprep.compliance.auth import ComplianceStaffToken
from travelprep.review.api import STAFF_ERRORS
from travelprep.review.schemas import HitOut
from travelprep.review.service import DecisionIn
from travelprep.screening.clearance import query_key
from travelprep.trips.schemas import Problem
from travelprep.visit_review import service as visit_review
from travelprep.visits import service as visit_service
from travelprep.visits.api import VisitId
from travelprep.web.deps import RulebookDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["screening"])

VISIT_STAFF_ERRORS = STAFF_ERRORS | {
    403: {
        "model": Problem,
        "description": "Not a compliance officer's or an admin's token, or their own visit",
    },
    404: {"model": Problem, "description": "No such visit, or the name and entity are not a hit of it"},
}


def _hits(session, visit_id: int, user, rulebook) -> list[HitOut]:
    row = visit_service.visible_visit(session, visit_id=visit_id, user=user)
    return [
        HitOut.model_validate(hit.staff_json())
        for hit in visit_review.review_of(session, row=row, rulebook=rulebook)
    ]


@router.get(
    "/visits/{visit_id}/screening-decisions", response_model=list[HitOut], responses=VISIT_STAFF_ERRORS
)
async def list_hits(
    visit_id: VisitId, user: ComplianceStaffToken, session: SessionDep, rulebook: RulebookDep
) -> list[HitOut]:
    """The visit's screening hits, each with its decision (compliance and admin tokens)."""
    return await session.run_sync(_hits, visit_id, user, rulebook)


@router.post("/visits/{visit_id}/screening-decisions", response_model=HitOut, responses=VISIT_STAFF_ERRORS)
async def record_decision(
    visit_id: VisitId,
    change: DecisionIn,
    user: ComplianceStaffToken,
    session: SessionDep,
    rulebook: RulebookDep,
) -> HitOut:
    """Record or revise the decision on one hit, with a note; every change is audited.

    `false_positive` and `cleared` stop raising the hit on the host's checklist for this name;
    `escalated` keeps it raised. Nobody decides on a visit they host (403).
    """

    def decide(db) -> None:
        row = visit_service.visible_visit(db, visit_id=visit_id, user=user)
        visit_review.record_decision(db, row=row, user=user, change=change, rulebook=rulebook)

    await session.run_sync(decide)
    await session.commit()
    hits = await session.run_sync(_hits, visit_id, user, rulebook)
    key, entity = query_key(change.query), change.entity_id
    return next(h for h in hits if (h.query_key, h.entity_id) == (key, entity))
