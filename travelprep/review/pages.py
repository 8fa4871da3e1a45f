"""Research Compliance's screening pages: a trip's hits with decision forms, and open hits."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from travelprep.compliance.auth import ComplianceStaff
from travelprep.db.models import Trip
from travelprep.review import service as screening_service
from travelprep.review.service import NOTE_MAX, DecisionIn
from travelprep.review.view import STAFF_LABELS
from travelprep.screening.clearance import query_key
from travelprep.trips import service as trip_service
from travelprep.visit_review import service as visit_review
from travelprep.web.deps import FormDep, RulebookDep, SessionDep, TodayDep
from travelprep.web.paging import next_page_link, traveler_search
from travelprep.web.rendering import render

router = APIRouter()
FIELDS = ("query", "entity_id", "decision", "note")


@dataclass(frozen=True)
class Submission:
    """A submitted decision form: the values as typed, the parsed decision, or the errors."""

    values: dict[str, str]
    change: DecisionIn | None
    errors: dict[str, str]

    @classmethod
    def read(cls, form: FormData) -> Submission:
        """Parse the form into DecisionIn; errors are plain messages by field."""
        values = {name: str(form.get(name) or "") for name in FIELDS}
        try:
            return cls(values, DecisionIn.model_validate(values), {})
        except ValidationError as invalid:
            errors: dict[str, str] = {}
            for error in invalid.errors():
                field = str(error["loc"][0]) if error["loc"] else "note"
                errors.setdefault(field, _message(field, error))
            return cls(values, None, errors)

    @property
    def pair(self) -> tuple[str, str]:
        """Which hit the form was for."""
        return query_key(self.values["query"]), self.values["entity_id"]


def _message(field: str, error: dict) -> str:
    if field == "decision":
        return "Choose false positive, cleared or escalated."
    text = error["msg"].removeprefix("Value error, ")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


async def _page(
    request: Request, session, trip: Trip, rulebook, submission: Submission | None = None, status: int = 200
) -> Response:
    hits = await session.run_sync(screening_service.review_of, trip=trip, rulebook=rulebook)
    history = await session.run_sync(screening_service.history, trip=trip)
    context = {
        "trip": trip,
        "hits": hits,
        "history": history,
        "labels": STAFF_LABELS,
        "submission": submission,
        "note_max": NOTE_MAX,
    }
    return render(request, "review/trip_screening.html", context, status)


@router.get("/trips/{trip_id}/screening", include_in_schema=False)
async def screening_page(
    request: Request, trip_id: int, user: ComplianceStaff, session: SessionDep, rulebook: RulebookDep
) -> Response:
    """Every hit of the trip with what matched and why, its decision, and a form to decide."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    return await _page(request, session, trip, rulebook)


@router.post("/trips/{trip_id}/screening", include_in_schema=False)
async def record_decision(
    request: Request,
    trip_id: int,
    user: ComplianceStaff,
    session: SessionDep,
    form: FormDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> Response:
    """Record or revise a decision, or show the page again with the errors at the form."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    submission = Submission.read(form)
    if submission.change is None:
        return await _page(request, session, trip, rulebook, submission, 400)
    await session.run_sync(
        screening_service.record_decision,
        trip=trip,
        user=user,
        change=submission.change,
        rulebook=rulebook,
        today=today,
    )
    await session.commit()
    return RedirectResponse(f"/trips/{trip.id}/screening", status_code=303)


@router.get("/staff/screening", include_in_schema=False)
async def open_hits(
    request: Request, user: ComplianceStaff, session: SessionDep, today: TodayDep
) -> Response:
    """Trips not yet over whose stored hits are undecided or escalated, a page at a time."""
    after = request.query_params.get("after", "")
    search = traveler_search(request)
    page = await session.run_sync(screening_service.open_hits, today=today, after=after, search=search)
    # Visitors' hits have their own list (visit_review); this page says how many and links to it.
    visits_open = await session.run_sync(lambda db: visit_review.open_count(db, today=today))
    context = {
        "visits_open": visits_open,
        "search": search,
        "page": page,
        "found": page.found,
        "labels": STAFF_LABELS,
        "next_link": next_page_link(request, page.next_cursor),
        "first_link": request.url.path if after else None,
    }
    return render(request, "review/staff_screening.html", context)
