"""The JSON API of screening decisions: a trip's hits, and recording a decision (staff tokens)."""

from __future__ import annotations

from fastapi import APIRouter

from travelprep.compliance.auth import ComplianceStaffToken
from travelprep.review import service as screening_service
from travelprep.review.schemas import HitOut
from travelprep.review.service import DecisionIn
from travelprep.review.view import HitView
from travelprep.screening.clearance import query_key
from travelprep.trips import service as trip_service
from travelprep.trips.api import TripId
from travelprep.trips.schemas import ERRORS, Problem
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep

router = APIRouter(prefix="/api/v1", tags=["screening"])

STAFF_ERRORS = ERRORS | {
    403: {"model": Problem, "description": "The token is not a compliance officer's or an admin's"},
    404: {"model": Problem, "description": "No such trip, or the name and entity are not a hit of it"},
}


def _hits(session, trip_id: int, user, rulebook) -> list[HitView]:
    trip = trip_service.visible_trip(session, trip_id=trip_id, user=user)
    return screening_service.review_of(session, trip=trip, rulebook=rulebook)


@router.get("/trips/{trip_id}/screening-decisions", response_model=list[HitOut], responses=STAFF_ERRORS)
async def list_hits(
    trip_id: TripId, user: ComplianceStaffToken, session: SessionDep, rulebook: RulebookDep
) -> list[HitOut]:
    """The trip's screening hits, each with its decision (compliance and admin tokens)."""
    hits = await session.run_sync(_hits, trip_id, user, rulebook)
    return [HitOut.model_validate(hit.staff_json()) for hit in hits]


@router.post("/trips/{trip_id}/screening-decisions", response_model=HitOut, responses=STAFF_ERRORS)
async def record_decision(
    trip_id: TripId,
    change: DecisionIn,
    user: ComplianceStaffToken,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> HitOut:
    """Record or revise the decision on one hit, with a note; every change is audited.

    `false_positive` and `cleared` stop raising the hit on this trip for this name;
    `escalated` keeps it raised.
    """
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    await session.run_sync(
        screening_service.record_decision, trip=trip, user=user, change=change, rulebook=rulebook, today=today
    )
    await session.commit()
    hits = await session.run_sync(_hits, trip.id, user, rulebook)
    key, entity = query_key(change.query), change.entity_id
    hit = next(h for h in hits if (h.query_key, h.match.entity_id) == (key, entity))
    return HitOut.model_validate(hit.staff_json())
