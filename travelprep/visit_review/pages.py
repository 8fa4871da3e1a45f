"""Research Compliance's screening pages for visits: a visit's hits with decision forms, and the
visitors with open hits (linked from /staff/screening, which lists trips)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.compliance.auth import ComplianceStaff
from travelprep.db.models import HostedVisit
from travelprep.review.pages import Submission
from travelprep.review.service import NOTE_MAX
from travelprep.review.view import STAFF_LABELS
from travelprep.visit_review import service as visit_review
from travelprep.visits import service as visit_service
from travelprep.visits.pages import VisitId
from travelprep.web.deps import FormDep, RulebookDep, SessionDep, TodayDep
from travelprep.web.paging import next_page_link
from travelprep.web.rendering import render

router = APIRouter()


async def _page(
    request: Request,
    session,
    row: HostedVisit,
    rulebook,
    submission: Submission | None = None,
    status: int = 200,
) -> Response:
    def read(db):
        return visit_review.review_of(db, row=row, rulebook=rulebook), visit_review.history(db, row=row)

    hits, history = await session.run_sync(read)
    context = {
        "row": row,
        "hits": hits,
        "history": history,
        "labels": STAFF_LABELS,
        "submission": submission,
        "note_max": NOTE_MAX,
    }
    return render(request, "review/visit_screening.html", context, status)


async def _visible(session, visit_id: int, user) -> HostedVisit:
    return await session.run_sync(lambda db: visit_service.visible_visit(db, visit_id=visit_id, user=user))


@router.get("/visits/{visit_id}/screening", include_in_schema=False)
async def screening_page(
    request: Request, visit_id: VisitId, user: ComplianceStaff, session: SessionDep, rulebook: RulebookDep
) -> Response:
    """Every hit of the visit with what matched and why, its decision, and a form to decide."""
    return await _page(request, session, await _visible(session, visit_id, user), rulebook)


@router.post("/visits/{visit_id}/screening", include_in_schema=False)
async def record_decision(
    request: Request,
    visit_id: VisitId,
    user: ComplianceStaff,
    session: SessionDep,
    form: FormDep,
    rulebook: RulebookDep,
) -> Response:
    """Record or revise a decision, or show the page again with the errors at the form."""
    row = await _visible(session, visit_id, user)
    submission = Submission.read(form)
    if submission.change is None:
        return await _page(request, session, row, rulebook, submission, 400)
    change = submission.change
    await session.run_sync(
        lambda db: visit_review.record_decision(db, row=row, user=user, change=change, rulebook=rulebook)
    )
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}/screening", status_code=303)


@router.get("/staff/screening/visits", include_in_schema=False)
async def open_hits(
    request: Request, user: ComplianceStaff, session: SessionDep, today: TodayDep
) -> Response:
    """Visits not yet over whose stored hits are undecided or escalated, a page at a time."""
    after = request.query_params.get("after", "")
    page = await session.run_sync(lambda db: visit_review.open_hits(db, today=today, after=after))
    context = {
        "page": page,
        "found": page.found,
        "labels": STAFF_LABELS,
        "next_link": next_page_link(request, page.next_cursor),
        "first_link": request.url.path if after else None,
    }
    return render(request, "review/staff_screening_visits.html", context)
