"""The stateless visit API: a visit in, the host's checklist out, with no sign-in and nothing saved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from travelprep.engine.date_window import DateWindow
from travelprep.engine.visit import InvalidVisit, Visit, parse_visit
from travelprep.engine.visit_checklist import VisitChecklist, generate_visit_checklist
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.trips.checklist_api import _TODAY_PARAMETER, day_asked_for, invalid_input
from travelprep.trips.schemas import ERRORS
from travelprep.visits.schemas import VISIT_BODY
from travelprep.web.deps import RulebookDep, TodayDep

router = APIRouter(prefix="/api/v1", tags=["api"])


def parse_visit_or_refuse(data: Any, *, window: DateWindow, today: date) -> Visit:
    """The visit from JSON data, or a 422 naming every field at fault (dates in the policy's window)."""
    try:
        visit = parse_visit(data)
    except InvalidVisit as invalid:
        raise invalid_input(*((e.field, e.message) for e in invalid.errors)) from None
    if outside := window.problems([("arrive", visit.arrive), ("depart", visit.depart)], today):
        raise invalid_input(*outside.items())
    return visit


@router.post(
    "/visit-checklists",
    response_model=VisitChecklist,
    responses={200: {"description": "The host's checklist"}} | {422: ERRORS[422], 429: ERRORS[429]},
    openapi_extra=VISIT_BODY | {"parameters": [_TODAY_PARAMETER]},
)
async def make_visit_checklist(request: Request, rulebook: RulebookDep, clock: TodayDep) -> VisitChecklist:
    """Visit in, the host's checklist out; stateless, no sign-in (the same result as the CLI)."""
    window = rulebook.policy.date_window
    day = day_asked_for(request.query_params.get("today"), window=window, today=clock)
    try:
        data = json.loads(await request.body())
    except ValueError:
        raise invalid_input(("body", "expected a JSON object: the visit")) from None
    checklist = generate_visit_checklist(
        parse_visit_or_refuse(data, window=window, today=clock), rulebook, day
    )
    CHECKLISTS_GENERATED.labels("visit-api").inc()
    return checklist
