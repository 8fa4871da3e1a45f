"""Changing a saved visit: editing it, cancelling it (asking first) and restoring it before
arrival, and the host marking items done or not applicable."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.db.engine import begin_writing
from travelprep.db.models import HostedVisit
from travelprep.visits import lifecycle as visit_lifecycle
from travelprep.visits import service as visit_service
from travelprep.visits.auth import Host
from travelprep.visits.form import VisitSubmission
from travelprep.visits.pages import VisitId, form_page
from travelprep.web.deps import ChoicesDep, FormDep, RulebookDep, SessionDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()
ItemId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z0-9-]+$")]


async def _visible(session, visit_id: int, user):
    return await session.run_sync(lambda db: visit_service.visible_visit(db, visit_id=visit_id, user=user))


@router.get("/visits/{visit_id}/edit", include_in_schema=False)
async def edit_visit_form(request: Request, visit_id: VisitId, user: Host, session: SessionDep,
                          choices: ChoicesDep) -> Response:  # fmt: skip
    """The visit form filled from the saved visit (its host, Research Compliance and admins)."""
    row = await _visible(session, visit_id, user)
    if row.status == "cancelled":
        raise visit_lifecycle.VisitCancelled()
    submission = VisitSubmission.from_saved(row.visit, choices)
    return form_page(request, submission, row=row, version=row.calendar_sequence)


@router.post("/visits/{visit_id}/edit", include_in_schema=False)
async def edit_visit(
    request: Request,
    visit_id: VisitId,
    user: Host,
    session: SessionDep,
    form: FormDep,
    choices: ChoicesDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Save the edited visit and go to its checklist, or show the form again with the errors."""
    row = await _visible(session, visit_id, user)
    submission = VisitSubmission.read(form, choices, window=rulebook.policy.date_window, today=today)
    seen = _version(form, row.calendar_sequence)
    if submission.visit is None:
        return form_page(request, submission, 400, row=row, version=seen)
    visit = submission.visit
    await session.commit()  # end the read: on SQLite the save then takes the write lock first
    await session.run_sync(begin_writing)
    update = partial(visit_lifecycle.update_visit, rulebook=rulebook, today=today, read_version=seen)

    def save(db) -> HostedVisit:
        locked = visit_service.visible_visit(db, visit_id=visit_id, user=user, for_update=True)
        update(db, row=locked, user=user, visit=visit)
        return locked

    try:
        row = await session.run_sync(save)
    except visit_lifecycle.StaleVisitEdit:
        # Nothing was written; the form comes back as typed, now carrying the version saved.
        await session.run_sync(lambda db: db.rollback())  # let go of the write lock before rendering
        row = await _visible(session, visit_id, user)
        return form_page(request, submission, 409, row=row, version=row.calendar_sequence, stale=True)
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}", status_code=303)


def _version(form, current: int) -> int:
    """The version the form was filled at; a form without one (an old page) saves over the current."""
    typed = form.get("version")
    return int(typed) if isinstance(typed, str) and typed.isdigit() and len(typed) < 10 else current


@router.get("/visits/{visit_id}/cancel", include_in_schema=False)
async def confirm_cancel(
    request: Request, visit_id: VisitId, user: Host, session: SessionDep, today: TodayDep
) -> Response:
    """What cancelling does, and a button to go ahead."""
    row = await _visible(session, visit_id, user)
    if row.status == "cancelled":
        return RedirectResponse(f"/visits/{row.id}", status_code=303)
    context = {"row": row, "undo_until": row.arrive if today < row.arrive else None}
    return render(request, "visits/visit_cancel.html", context)


@router.post("/visits/{visit_id}/cancel", include_in_schema=False)
async def cancel_visit(visit_id: VisitId, user: Host, session: SessionDep) -> Response:
    """Cancel the visit and keep its record; its page then offers to restore it."""
    row = await _visible(session, visit_id, user)
    await session.run_sync(lambda db: visit_lifecycle.cancel_visit(db, row=row, user=user))
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}#cancelled", status_code=303)


@router.post("/visits/{visit_id}/restore", include_in_schema=False)
async def restore_visit(visit_id: VisitId, user: Host, session: SessionDep, today: TodayDep) -> Response:
    """Undo the cancellation (409 once the visitor's arrival day has come)."""
    row = await _visible(session, visit_id, user)
    await session.run_sync(lambda db: visit_lifecycle.restore_visit(db, row=row, user=user, today=today))
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}", status_code=303)


@router.post("/visits/{visit_id}/items/{item_id}", include_in_schema=False)
async def set_item_status(
    visit_id: VisitId,
    item_id: ItemId,
    user: Host,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    status: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form()] = "",
) -> Response:
    """Mark an item done, not applicable (a required item needs a reason), or to do again (the host)."""
    row = await _visible(session, visit_id, user)
    if row.status == "cancelled":
        raise visit_lifecycle.VisitCancelled()
    mark = partial(visit_lifecycle.set_item_status, rulebook=rulebook, today=today)
    await session.commit()  # end the reads: on SQLite the write then waits for the lock
    await session.run_sync(begin_writing)
    try:
        await session.run_sync(
            lambda db: mark(db, row=row, user=user, item_id=item_id, status=status, note=note)
        )
    except visit_lifecycle.ItemReasonRequired:
        # Back to the item, its reason box open with the message (nothing was saved).
        target = f"/visits/{row.id}?reason_for={quote(item_id)}#note-{quote(item_id)}"
        return RedirectResponse(target, status_code=303)
    await session.commit()
    return RedirectResponse(f"/visits/{row.id}#item-{item_id}", status_code=303)
