"""The loaner desk's pages: the dashboard with the demand chart, and the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from travelprep.db.models import LoanerRequest
from travelprep.loaner import KINDS
from travelprep.loaner import overdue_repository as overdue
from travelprep.loaner import repository as loaner
from travelprep.loaner.auth import LoanerDeskStaff
from travelprep.loaner.demand import DAYS, compute_demand, render_svg
from travelprep.loaner.lifecycle import STATE_LABELS, STATES
from travelprep.loaner.overdue import OverdueHold, at_risk, out_by_kind
from travelprep.loaner.repository import QueueFilter
from travelprep.web.deps import SessionDep, SettingsDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()
SHORT_NOTICE = timedelta(days=14)  # the checklist asks for a loaner two weeks ahead
SOON = 7


def demand_chart(
    session: Session, *, today: date, wipe_buffer_days: int, holds: list[OverdueHold] | None = None
):
    """The demand over the next 60 days against the devices in service and not out overdue."""
    rows = loaner.demand_rows(session, first=today, last=today + timedelta(days=DAYS - 1), today=today)
    if holds is None:
        holds = overdue.overdue_holds(session, today=today)
    return compute_demand(
        rows,
        loaner.devices_in_service(session),
        first=today,
        days=DAYS,
        wipe_buffer_days=wipe_buffer_days,
        out_overdue=out_by_kind(holds),
    )


def _dashboard(session: Session, today: date, buffer_days: int) -> dict:
    holds = overdue.overdue_holds(session, today=today)
    bookings = overdue.waiting_bookings(session, device_ids=sorted({h.device_id for h in holds}))
    sections = {
        "pickups": loaner.pickups_on(session, day=today),
        "returns": loaner.returns_on(session, day=today),
        "overdue": loaner.overdue_returns(session, today=today),
        "unassigned": loaner.unassigned_soon(session, today=today, days=SOON),
        "cleaning": loaner.in_states(session, states=("returned", "quarantined")),
    }
    ids = [loan.id for found in sections.values() for loan in found]
    chart = demand_chart(session, today=today, wipe_buffer_days=buffer_days, holds=holds)
    return sections | {
        "at_risk": at_risk(holds, bookings),
        "devices": loaner.devices_by_request(session, request_ids=ids),
        "chart": chart,
        "svg": Markup(render_svg(chart)),  # noqa: S704 - every text in it is escaped by render_svg
    }


@router.get("/loaner", include_in_schema=False)
async def dashboard(
    request: Request, user: LoanerDeskStaff, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> Response:
    """Today's pickups and returns, what is overdue or unassigned, and the demand chart."""
    data = await session.run_sync(_dashboard, today, settings.loaner_wipe_buffer_days)
    return render(
        request, "loaner/loaner_dashboard.html", data | {"today": today, "state_labels": STATE_LABELS}
    )


@dataclass
class QueueForm:
    """The queue's filters as typed, the filter they make, and what was wrong with them."""

    values: dict[str, str]
    where: QueueFilter
    errors: dict[str, str]

    @classmethod
    def read(cls, request: Request) -> QueueForm:
        """Read the query string; unknown values become messages, not errors."""
        query = request.query_params
        values = {k: query.get(k, "").strip() for k in ("state", "kind", "from", "to")}
        values["unassigned"] = "1" if query.get("unassigned") else ""
        errors: dict[str, str] = {}

        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(values[key]) if values[key] else None
            except ValueError:
                errors[key] = "Enter a date as YYYY-MM-DD."
                return None

        if values["state"] and values["state"] not in (*STATES, "all"):
            errors["state"] = "Pick a state from the list."
        if values["kind"] and values["kind"] not in KINDS:
            errors["kind"] = "Pick a kind from the list."
        where = QueueFilter(
            state=values["state"] if values["state"] in STATES else None,
            include_finished=values["state"] == "all",
            kind=values["kind"] if values["kind"] in KINDS else None,
            unassigned=bool(values["unassigned"]),
            pickup_from=day("from"),
            pickup_to=day("to"),
        )
        return cls(values, where, errors)


def is_short_notice(loan: LoanerRequest) -> bool:
    """Asked for less than two weeks before the pickup."""
    return loan.pickup_date - loan.created_at.date() < SHORT_NOTICE


def by_urgency(loans: list[LoanerRequest]) -> list[LoanerRequest]:
    """Earliest pickup first; on the same day, short-notice requests first."""
    return sorted(loans, key=lambda loan: (loan.pickup_date, not is_short_notice(loan), loan.id))


def _queue(session: Session, where: QueueFilter) -> dict:
    found = by_urgency(loaner.queue(session, where=where))
    return {"loans": found, "devices": loaner.devices_by_request(session, request_ids=[x.id for x in found])}


@router.get("/loaner/queue", include_in_schema=False)
async def queue(request: Request, user: LoanerDeskStaff, session: SessionDep, today: TodayDep) -> Response:
    """Open requests by urgency, filtered by state, kind, assignment and pickup dates."""
    form = QueueForm.read(request)
    data = await session.run_sync(_queue, form.where)
    context = data | {
        "filters": form,
        "states": STATES,
        "kinds": KINDS,
        "state_labels": STATE_LABELS,
        "short_notice": is_short_notice,
        "soon": today + timedelta(days=SOON),
    }
    return render(request, "loaner/loaner_queue.html", context, 400 if form.errors else 200)
