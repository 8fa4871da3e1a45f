"""The loaner desk's pages: the dashboard with the demand chart, and the queue."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from travelprep.loaner import KINDS, desk_service
from travelprep.loaner.auth import LoanerDeskStaff
from travelprep.loaner.demand import render_svg
from travelprep.loaner.lifecycle import STATE_LABELS, STATES
from travelprep.loaner.repository import QueueFilter
from travelprep.web.deps import SessionDep, SettingsDep, TodayDep
from travelprep.web.paging import next_page_link
from travelprep.web.query_filters import FilterForm, filter_day
from travelprep.web.rendering import render

router = APIRouter()


@router.get("/loaner", include_in_schema=False)
async def dashboard(
    request: Request, user: LoanerDeskStaff, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> Response:
    """Today's pickups and returns, what is overdue or unassigned, and the demand chart."""
    data = await session.run_sync(
        desk_service.dashboard, today=today, wipe_buffer_days=settings.loaner_wipe_buffer_days
    )
    svg = Markup(render_svg(data["chart"]))  # noqa: S704 - every text in it is escaped by render_svg
    context = data | {"svg": svg, "today": today, "state_labels": STATE_LABELS}
    return render(request, "loaner/loaner_dashboard.html", context)


class QueueForm(FilterForm[QueueFilter]):
    """The queue's filters as typed, the filter they make, and what was wrong with them."""

    @classmethod
    def read(cls, request: Request) -> QueueForm:
        """Read the query string; unknown values become messages, not errors."""
        query = request.query_params
        values = {k: query.get(k, "").strip() for k in ("state", "kind", "from", "to")}
        values["unassigned"] = "1" if query.get("unassigned") else ""
        errors: dict[str, str] = {}

        if values["state"] and values["state"] not in (*STATES, "all"):
            errors["state"] = "Pick a state from the list."
        if values["kind"] and values["kind"] not in KINDS:
            errors["kind"] = "Pick a kind from the list."
        where = QueueFilter(
            state=values["state"] if values["state"] in STATES else None,
            include_finished=values["state"] == "all",
            kind=values["kind"] if values["kind"] in KINDS else None,
            unassigned=bool(values["unassigned"]),
            pickup_from=filter_day(values, "from", errors),
            pickup_to=filter_day(values, "to", errors),
        )
        return cls(values, where, errors)


@router.get("/loaner/queue", include_in_schema=False)
async def queue(request: Request, user: LoanerDeskStaff, session: SessionDep, today: TodayDep) -> Response:
    """Open requests by urgency, filtered by state, kind, assignment and pickup dates."""
    form = QueueForm.read(request)
    data = await session.run_sync(
        desk_service.queue, where=form.where, after=request.query_params.get("after", "")
    )
    context = data | {
        "next_link": next_page_link(request, data["page"].next_cursor),
        "filters": form,
        "states": STATES,
        "kinds": KINDS,
        "state_labels": STATE_LABELS,
        "short_notice": desk_service.is_short_notice,
        "soon": today + timedelta(days=desk_service.SOON),
    }
    return render(request, "loaner/loaner_queue.html", context, 400 if form.errors else 200)
