"""The JSON API of saved visits under /api/v1, with a bearer token: register one, read one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel

from travelprep.engine.visit_checklist import VisitChecklist
from travelprep.trips.checklist_api import day_asked_for
from travelprep.trips.schemas import ERRORS, HitReview
from travelprep.visits import service as visit_service
from travelprep.visits.auth import HostToken
from travelprep.visits.checklist_api import parse_visit_or_refuse
from travelprep.visits.schemas import VISIT_BODY
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep

router = APIRouter(prefix="/api/v1", tags=["api"])

VisitId = Annotated[int, Path(ge=1, le=2**31 - 1)]
VisitBody = Annotated[dict[str, Any], Body(description="A visit, in the README's format.")]
Today = Annotated[
    str | None,
    Query(description="The day to compute due dates from, YYYY-MM-DD (default: today).", max_length=10),
]
VISIT_ERRORS = ERRORS | {404: {"model": ERRORS[404]["model"], "description": "No such visit (or not yours)"}}


class VisitOut(BaseModel):
    """A saved visit, as registered, and the host's checklist for it."""

    id: int
    host_email: str
    visit: dict[str, Any]
    screening_hit: bool
    checklist: VisitChecklist
    status: Literal["active", "cancelled"] = "active"
    # Each hit of the visitor's names and where Research Compliance's review of it stands.
    screening_review: list[HitReview] = []


def _read(db, row, rulebook, day: date) -> VisitOut:
    checklist = visit_service.host_checklist(db, row=row, rulebook=rulebook, today=day)
    hits = visit_service.host_hits(db, row=row, rulebook=rulebook)
    return VisitOut(
        id=row.id,
        host_email=row.host_email,
        visit=row.visit,
        screening_hit=row.screening_hit,
        checklist=checklist,
        status=row.status,
        screening_review=[HitReview(**hit.traveler_json()) for hit in hits],
    )


@router.post(
    "/visits", status_code=201, response_model=VisitOut, responses=VISIT_ERRORS, openapi_extra=VISIT_BODY
)
async def register_visit(
    visit: VisitBody,
    user: HostToken,
    session: SessionDep,
    rulebook: RulebookDep,
    clock: TodayDep,
    today: Today = None,
) -> VisitOut:
    """Register a visit you host; answers with the visit and its checklist."""
    window = rulebook.policy.date_window
    day: date = day_asked_for(today, window=window, today=clock)
    parsed = parse_visit_or_refuse(visit, window=window, today=clock)

    def save(db):
        return visit_service.create_visit(db, host=user, visit=parsed, rulebook=rulebook, today=day)

    row = await session.run_sync(save)
    await session.commit()
    return await session.run_sync(_read, row, rulebook, day)


@router.get("/visits/{visit_id}", response_model=VisitOut, responses=VISIT_ERRORS)
async def read_visit(
    visit_id: VisitId,
    user: HostToken,
    session: SessionDep,
    rulebook: RulebookDep,
    clock: TodayDep,
    today: Today = None,
) -> VisitOut:
    """A visit you host (Research Compliance and admins: any visit) with its checklist."""
    day = day_asked_for(today, window=rulebook.policy.date_window, today=clock)

    def read(db) -> VisitOut:
        return _read(db, visit_service.visible_visit(db, visit_id=visit_id, user=user), rulebook, day)

    return await session.run_sync(read)
