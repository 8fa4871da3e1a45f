"""The stateless JSON API: itinerary in, checklist out, with no sign-in; and the trivial ping."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError

from travelprep.engine.checklist import Checklist, generate_checklist_json
from travelprep.engine.date_window import DateWindow, itinerary_dates_outside
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.trips.schemas import ERRORS, ITINERARY_BODY, Ping
from travelprep.web.deps import RulebookDep, TodayDep

if TYPE_CHECKING:
    from travelprep.engine.itinerary import Itinerary

router = APIRouter(prefix="/api/v1", tags=["api"])


def invalid_input(*problems: tuple[str, str]) -> RequestValidationError:
    """A 422 naming each (field, message), answered as FastAPI's own validation errors are."""
    return RequestValidationError([{"loc": ("body", field), "msg": message} for field, message in problems])


def parse_or_refuse(data: Any, *, window: DateWindow, today: date) -> Itinerary:
    """The itinerary parsed from JSON data, or a 422 that names every field at fault.

    Its dates must lie in the policy's window around `today` (the real day, not one asked for).
    """
    from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

    try:
        itinerary = parse_itinerary(data)
    except InvalidItinerary as invalid:
        raise invalid_input(*((e.field, e.message) for e in invalid.errors)) from None
    if outside := itinerary_dates_outside(itinerary, window, today):
        raise invalid_input(*((e.field, e.message) for e in outside))
    return itinerary


def day_asked_for(text: str | None, *, window: DateWindow, today: date) -> date:
    """The `?today=` day (YYYY-MM-DD, within the window of the real day), else the real day."""
    if text is None:
        return today
    day = _day(text)
    if outside := window.problems([("today", day)], today):
        raise invalid_input(*outside.items())
    return day


@router.get("/ping", response_model=Ping)
async def ping() -> Ping:
    """A trivial endpoint: the app is up (the benchmarks' baseline)."""
    return Ping(status="ok")


# `today` as a query parameter, documented here and read by the handler itself, so that a
# malformed day is answered like a field of the itinerary.
_TODAY_PARAMETER = {
    "name": "today",
    "in": "query",
    "required": False,
    "description": "The day to compute due dates from, YYYY-MM-DD (default: today).",
    "schema": {"type": "string", "format": "date"},
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(text: str) -> date:
    try:
        if _ISO_DAY.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise invalid_input(("today", "expected a date as YYYY-MM-DD"))


@router.post(
    "/checklists",
    responses={200: {"model": Checklist, "description": "The checklist"}} | ERRORS,
    openapi_extra=ITINERARY_BODY | {"parameters": [_TODAY_PARAMETER]},
)
async def make_checklist(request: Request, rulebook: RulebookDep, clock: TodayDep) -> Response:
    """Itinerary in, checklist out; stateless, no sign-in (the same result as the CLI)."""
    # Pure CPU work and no database: it runs on the event loop, without a thread hop. The
    # engine writes the Checklist model's JSON itself, so the answer is its bytes as they are.
    window = rulebook.policy.date_window
    day = day_asked_for(request.query_params.get("today"), window=window, today=clock)
    try:
        data = json.loads(await request.body())
    except ValueError:
        raise invalid_input(("body", "expected a JSON object: the itinerary")) from None
    encoded = generate_checklist_json(parse_or_refuse(data, window=window, today=clock), rulebook, day)
    CHECKLISTS_GENERATED.labels("api").inc()
    return Response(encoded, media_type="application/json")
