"""/staff/changes: what each change of the data in force did to the saved trips (compliance)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from travelprep.compliance.auth import ComplianceStaff
from travelprep.reevaluation import service as changes
from travelprep.trips.checklist_view import CHANGE_LABELS
from travelprep.web.deps import SessionDep, TodayDep
from travelprep.web.operations import current_data_status
from travelprep.web.rendering import render

router = APIRouter()


@router.get("/staff/changes", include_in_schema=False)
async def data_changes(
    request: Request,
    user: ComplianceStaff,
    session: SessionDep,
    today: TodayDep,
    change: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The latest data changes, one of them (the newest by default) with its trips."""
    recent = await session.run_sync(changes.summaries)
    chosen = next((c for c in recent if c.id == change), recent[0] if recent and change is None else None)
    summary = chosen and await session.run_sync(changes.summary_of, change=chosen)
    context = {
        "recent": recent,
        "summary": summary,
        "asked": change,
        "stale": [s for s in current_data_status(request, today) if s.stale],
        "change_labels": CHANGE_LABELS,
    }
    return render(request, "compliance/staff_changes.html", context, 200 if chosen or change is None else 404)
