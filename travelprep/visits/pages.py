"""The host's visit pages: the new-visit form, the visit's checklist, and the host's visits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.accounts.roles import is_compliance_staff
from travelprep.db.models import HostedVisit
from travelprep.engine.visit_text import visit_groups
from travelprep.review.view import TRAVELER_LABELS
from travelprep.visits import lifecycle as visit_lifecycle
from travelprep.visits import service as visit_service
from travelprep.visits.auth import Host
from travelprep.visits.form import ACCESS, AFFILIATION_ROWS, PAYMENTS, PURPOSES, VISAS, VisitSubmission
from travelprep.web import ics_responses as ics
from travelprep.web.deps import ChoicesDep, FormDep, RulebookDep, SessionDep, SettingsDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()

VisitId = Annotated[int, Path(ge=1, le=2**31 - 1)]
STATUS_LABELS = {"open": "To do", "done": "Done", "not_applicable": "Not applicable"}


def form_page(
    request: Request,
    submission: VisitSubmission,
    status_code: int = 200,
    row: HostedVisit | None = None,
    version: int | None = None,
    stale: bool = False,
) -> Response:
    """The visit form (new, or editing `row` as of `version`) with what was typed and the errors by field.

    `stale`: the visit changed since the form was opened; the host's entries are not saved yet.
    """
    context = {
        "row": row,
        "version": version,
        "stale": stale,
        "submission": submission,
        "values": submission.values,
        "errors": submission.errors_by_field,
        "purposes": PURPOSES,
        "visas": VISAS,
        "access": ACCESS,
        "payments": PAYMENTS,
        "affiliation_rows": range(AFFILIATION_ROWS),
    }
    return render(request, "visits/visit_form.html", context, status_code)


@router.get("/visits", include_in_schema=False)
async def my_visits(request: Request, user: Host, session: SessionDep) -> Response:
    """The visits you host, soonest arrival first."""
    found = await session.run_sync(lambda db: visit_service.hosted_by(db, host=user))
    return render(request, "visits/my_visits.html", {"visits": found})


@router.get("/visits/new", include_in_schema=False)
async def new_visit_form(request: Request, user: Host) -> Response:
    """The visit form, with you as the host."""
    return form_page(request, VisitSubmission.blank(host_name=user.name or "", host_email=user.email))


@router.post("/visits/new", include_in_schema=False)
async def create_visit(
    request: Request,
    user: Host,
    session: SessionDep,
    form: FormDep,
    choices: ChoicesDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Save the visit and go to its checklist, or show the form again with the errors."""
    submission = VisitSubmission.read(form, choices, window=rulebook.policy.date_window, today=today)
    if submission.visit is None:
        return form_page(request, submission, 400)
    visit = submission.visit

    def save(db):
        return visit_service.create_visit(db, host=user, visit=visit, rulebook=rulebook, today=today)

    row = await session.run_sync(save)
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}", status_code=303)


@router.get("/visits/{visit_id}", include_in_schema=False)
async def visit_page(
    request: Request,
    visit_id: VisitId,
    user: Host,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """The host's checklist for the visit: what to do, by when, and why, with the host's marks.

    `reason_for` names a required item just marked not applicable without a reason: its
    reason box opens with the message.
    """

    def read(db):
        row = visit_service.visible_visit(db, visit_id=visit_id, user=user)
        checklist = visit_service.host_checklist(db, row=row, rulebook=rulebook, today=today)
        hits = visit_service.host_hits(db, row=row, rulebook=rulebook)
        return row, checklist, visit_lifecycle.item_statuses(db, row=row), hits

    row, checklist, statuses, hits = await session.run_sync(read)
    context = {
        "row": row,
        "checklist": checklist,
        "groups": visit_groups(checklist),
        "statuses": statuses,
        "finished": sum(1 for i in checklist.items if i.id in statuses and statuses[i.id].status != "open"),
        "hits": hits,
        "hit_labels": TRAVELER_LABELS,
        "status_labels": STATUS_LABELS,
        "may_mark": row.host_id == user.id and row.status == "active",
        "may_review": is_compliance_staff(user),
        "may_restore": visit_lifecycle.may_restore(row, today),
        "reason_for": request.query_params.get("reason_for", "")[:100],
    }
    return render(request, "visits/visit.html", context)


@router.api_route("/visits/{visit_id}/calendar.ics", methods=ics.METHODS, include_in_schema=False)
async def visit_calendar_download(
    request: Request,
    visit_id: VisitId,
    user: Host,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    settings: SettingsDep,
) -> Response:
    """The visit's dated items as a calendar file to import (alarms included)."""
    from travelprep.visits.visit_calendar import visit_calendar

    def read(db):
        row = visit_service.visible_visit(db, visit_id=visit_id, user=user)
        marked = visit_lifecycle.item_statuses(db, row=row)
        closed = frozenset(item for item, mark in marked.items() if mark.status != "open")
        return row, visit_service.host_checklist(db, row=row, rulebook=rulebook, today=today), closed

    row, checklist, closed = await session.run_sync(read)
    body = visit_calendar(
        checklist,
        visit_id=row.id,
        visitor=row.visitor_name,
        url=settings.public_url(f"/visits/{row.id}"),
        domain=settings.uid_domain,
        now=datetime.now(UTC),
        sequence=row.calendar_sequence,
        cancelled=row.status == "cancelled",
        closed=closed,
    )
    return ics.calendar_response(request, body, filename=f"travelprep-visit-{row.id}.ics")
