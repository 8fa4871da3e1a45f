"""The JSON API under /api/v1: stateless checklists, trips, and item statuses."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from travelprep.accounts.auth import ApiUser
from travelprep.db.models import Trip
from travelprep.engine.checklist import Checklist, generate_checklist_json
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.review import service as screening_service
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep
from travelprep.web.lru import LruCache

router = APIRouter(prefix="/api/v1", tags=["api"])

TripId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ItemId = Annotated[str, Path(min_length=1, max_length=100)]
Today = Annotated[date | None, Query(description="The day to compute due dates from (default: today).")]
ItineraryBody = Annotated[dict[str, Any], Body(description="An itinerary, as in CONTRACT.md.")]


class Problem(BaseModel):
    """An error the client can act on."""

    detail: str


class FieldProblem(BaseModel):
    """One field at fault, e.g. `legs[1].country`, and why."""

    field: str
    message: str


class ValidationProblem(BaseModel):
    """Every field at fault."""

    detail: list[FieldProblem]


class Ping(BaseModel):
    """The trivial answer that says the app is up."""

    status: Literal["ok"]


class TripSummary(BaseModel):
    """A trip in a list."""

    id: int
    status: str
    departure: date
    return_: date = Field(serialization_alias="return")
    countries: list[str]
    elevated_risk: bool
    sanctioned: bool


class HitReview(BaseModel):
    """A screening hit on the trip and where Research Compliance's review of it stands."""

    query: str
    name: str
    entity_id: str
    list: str
    state: Literal["open", "false_positive", "cleared", "escalated"]
    label: str
    decided_at: str | None


class TripOut(TripSummary):
    """A trip with its itinerary, its checklist (each item with its status) and its hits' review."""

    itinerary: dict[str, Any]
    checklist: dict[str, Any]
    screening_review: list[HitReview]


class ItemStatusIn(BaseModel):
    """A new status for one checklist item."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["open", "done", "not_applicable"]
    note: str = Field("", max_length=2000)


class ItemStatusOut(BaseModel):
    """The item's status as stored."""

    item_id: str
    status: str
    note: str


# The itinerary is parsed by parse_itinerary (which also checks dates fit together), but the
# schema still documents its shape, so clients and schemathesis see real field names.
ITINERARY_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Itinerary"}}},
    }
}


def document_itinerary(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the Itinerary schema (and the schemas it uses) to the OpenAPI components."""
    from travelprep.engine.itinerary import Itinerary

    schema = Itinerary.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Itinerary"] = schema
    return openapi


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing, unknown or revoked bearer token"},
    404: {"model": Problem, "description": "No such trip or item (or not yours)"},
    409: {"model": Problem, "description": "The saved itinerary no longer validates: replace it"},
    422: {"model": ValidationProblem, "description": "The input is invalid"},
}


@dataclass(frozen=True)
class _Problem:
    field: str
    message: str


# generate_checklist is pure, so the same itinerary on the same day with the same rulebook
# always gives the same bytes: clients that re-post an unchanged itinerary (calendar syncs,
# the quick check) cost a hash instead of a computation.
_checklists: LruCache[bytes] = LruCache(512)


def _invalid(errors: list[Any]) -> JSONResponse:
    detail = [{"field": e.field, "message": e.message} for e in errors]
    return JSONResponse({"detail": detail}, status_code=422)


def _parse(data: dict[str, Any]):
    from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

    try:
        return parse_itinerary(data), None
    except InvalidItinerary as invalid:
        return None, _invalid(invalid.errors)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _ISO_DAY.match(text) else None
    except ValueError:
        return None


def _summary(trip: Trip) -> dict[str, Any]:
    return {
        "id": trip.id,
        "status": trip.status,
        "departure": trip.departure.isoformat(),
        "return": trip.return_date.isoformat(),
        "countries": trip.countries.split(),
        "elevated_risk": trip.elevated_risk,
        "sanctioned": trip.sanctioned,
    }


def _trip_out(session: Session, trip: Trip, rulebook, today: date) -> dict[str, Any]:
    view = trip_service.view_of(session, trip=trip, rulebook=rulebook, today=today)
    hits = screening_service.review_of(session, trip=trip, rulebook=rulebook)
    return _summary(trip) | {
        "itinerary": trip.itinerary,
        "checklist": view.as_json(),
        "screening_review": [hit.traveler_json() for hit in hits],
    }


@router.get("/ping", response_model=Ping)
async def ping() -> Any:
    """A trivial endpoint: the app is up (the benchmarks' baseline)."""
    return JSONResponse({"status": "ok"})


# `today` as a query parameter, documented here and read by the handler itself.
_TODAY_PARAMETER = {
    "name": "today",
    "in": "query",
    "required": False,
    "description": "The day to compute due dates from, YYYY-MM-DD (default: today).",
    "schema": {"type": "string", "format": "date"},
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@router.post(
    "/checklists",
    responses={200: {"model": Checklist, "description": "The checklist"}} | ERRORS,
    openapi_extra=ITINERARY_BODY | {"parameters": [_TODAY_PARAMETER]},
)
async def make_checklist(request: Request) -> Any:
    """Itinerary in, checklist out; stateless, no sign-in (the same result as the CLI)."""
    # Pure CPU work and no database: it runs on the event loop, without a thread hop. The
    # rulebook, the clock and `today` are read here rather than declared as dependencies and
    # parameters, which FastAPI resolves at a cost comparable to the rest of a cached answer.
    state = request.app.state
    asked = request.query_params.get("today")
    if asked is None:
        day = state.clock()
    else:
        day = _day(asked)
        if day is None:
            return _invalid([_Problem("today", "expected a date as YYYY-MM-DD")])
    rulebook = await state.reloader.rulebook()
    body = await request.body()
    key = (hashlib.sha256(body).digest(), day, id(rulebook))
    cached = _checklists.get(key)
    if cached is not None:
        return Response(cached, media_type="application/json")
    try:
        data = json.loads(body)
    except ValueError:
        return _invalid([_Problem("body", "expected a JSON object: the itinerary")])
    parsed, problem = _parse(data)
    if problem:
        return problem
    encoded = generate_checklist_json(parsed, rulebook, day)
    CHECKLISTS_GENERATED.labels("api").inc()
    _checklists.put(key, encoded)
    return Response(encoded, media_type="application/json")


@router.get("/trips", response_model=list[TripSummary], responses=ERRORS)
async def list_trips(user: ApiUser, session: SessionDep) -> Any:
    """Your trips, soonest departure first."""
    found = await session.run_sync(trips.list_for, user=user)
    return JSONResponse([_summary(trip) for trip in found])


@router.post(
    "/trips",
    status_code=201,
    response_model=TripOut,
    responses=ERRORS,
    openapi_extra=ITINERARY_BODY,
)
async def create_trip(
    itinerary: ItineraryBody,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    clock: TodayDep,
    today: Today = None,
) -> Any:
    """Save a trip; answers with the trip and its checklist."""
    parsed, problem = _parse(itinerary)
    if problem:
        return problem
    trip = await session.run_sync(
        trip_service.create_trip, user=user, itinerary=parsed, rulebook=rulebook, today=today or clock
    )
    await session.commit()
    out = await session.run_sync(_trip_out, trip, rulebook, today or clock)
    return JSONResponse(out, status_code=201)


@router.get("/trips/{trip_id}", response_model=TripOut, responses=ERRORS)
async def get_trip(
    trip_id: TripId,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    clock: TodayDep,
    today: Today = None,
) -> Any:
    """One of your trips with its checklist and item statuses."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    return JSONResponse(await session.run_sync(_trip_out, trip, rulebook, today or clock))


@router.put("/trips/{trip_id}", response_model=TripOut, responses=ERRORS, openapi_extra=ITINERARY_BODY)
async def replace_trip(
    trip_id: TripId,
    itinerary: ItineraryBody,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    clock: TodayDep,
    today: Today = None,
) -> Any:
    """Replace the itinerary; statuses of items that still apply are kept."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    parsed, problem = _parse(itinerary)
    if problem:
        return problem
    await session.run_sync(
        trip_service.update_trip,
        trip=trip,
        user=user,
        itinerary=parsed,
        rulebook=rulebook,
        today=today or clock,
    )
    await session.commit()
    return JSONResponse(await session.run_sync(_trip_out, trip, rulebook, today or clock))


@router.delete("/trips/{trip_id}", response_model=TripSummary, responses=ERRORS)
async def cancel_trip(trip_id: TripId, user: ApiUser, session: SessionDep) -> Any:
    """Cancel the trip; its record is kept."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    await session.run_sync(trip_service.cancel_trip, trip=trip, user=user)
    await session.commit()
    return JSONResponse(_summary(trip))


@router.patch("/trips/{trip_id}/items/{item_id}", response_model=ItemStatusOut, responses=ERRORS)
async def set_item_status(
    trip_id: TripId, item_id: ItemId, change: ItemStatusIn, user: ApiUser, session: SessionDep
) -> Any:
    """Mark one item done, not applicable (with a note), or open again."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user, to_change=True)
    row = await session.run_sync(
        trip_service.set_status,
        trip=trip,
        user=user,
        item_id=item_id,
        status=change.status,
        note=change.note,
    )
    await session.commit()
    return JSONResponse({"item_id": row.item_id, "status": row.status, "note": row.note})
