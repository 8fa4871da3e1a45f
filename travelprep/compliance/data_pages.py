"""The data status page: how old every source behind the checklists is (compliance and admin)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from travelprep.compliance.auth import ComplianceStaff
from travelprep.web.deps import RulebookDep, TodayDep
from travelprep.web.operations import current_data_status
from travelprep.web.rendering import render

router = APIRouter()


@router.get("/staff/data", include_in_schema=False)
async def data_status_page(
    request: Request, user: ComplianceStaff, rulebook: RulebookDep, today: TodayDep
) -> Response:
    """Every source, shipped or imported: as-of date, entries, age, limit and whether it is stale."""
    statuses = current_data_status(request, today)
    context = {"statuses": statuses, "today": today, "stale_count": sum(s.stale for s in statuses)}
    return render(request, "compliance/staff_data.html", context)
