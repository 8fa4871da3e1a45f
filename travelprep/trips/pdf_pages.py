"""GET /trips/{id}/checklist.pdf: the trip page's print layout as a file, for a travel request."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from travelprep.accounts.auth import CurrentUser
from travelprep.trips.checklist_pdf import pdf_of_page
from travelprep.trips.trip_page import page_rows, render_trip_page
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep

router = APIRouter()


@router.get("/trips/{trip_id}/checklist.pdf", include_in_schema=False)
async def checklist_pdf(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Who may see the trip page may have its PDF (the owner, compliance staff); others get 404."""
    viewer, rows = await session.run_sync(page_rows, trip_id=trip_id, user_id=user.id)
    page = render_trip_page(request, rows, viewer, rulebook, today, "category")
    # Laying out pages takes a tenth of a second or more: off the event loop.
    pdf = await run_in_threadpool(pdf_of_page, bytes(page.body).decode())
    filename = f"trip-{trip_id}-checklist.pdf"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }
    return Response(pdf, media_type="application/pdf", headers=headers)
