"""The JSON API of saved trips under /api/v1: list, create, read, replace, cancel, item statuses."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Response
from sqlalchemy.orm import Session

from travelprep.accounts.auth import ApiUser
from travelprep.calendar.repository import title_of
from travelprep.db.engine import begin_writing
from travelprep.db.models import Trip, User
from travelprep.errors import Conflict
from travelprep.review import service as screening_service
from travelprep.trips import lifecycle as trip_lifecycle
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.trips.checklist_api import day_asked_for, invalid_input, parse_or_refuse
from travelprep.trips.schemas import (
    ERRORS,
    ITINERARY_BODY,
    ChecklistChangeOut,
    DismissChangesIn,
    HitReview,
    ItemStatusIn,
    ItemStatusOut,
    TripOut,
    TripSummary,
)
from travelprep.web.deps import RulebookDep, SessionDep, TodayDep

__all__ = ["TripId", "router"]

router = APIRouter(prefix="/api/v1", tags=["api"])

TripId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ItemId = Annotated[str, Path(min_length=1, max_length=100)]
Today = Annotated[
    str | None,
    Query(description="The day to compute due dates from, YYYY-MM-DD (default: today).", max_length=10),
]
ItineraryBody = Annotated[dict[str, Any], Body(description="An itinerary, as in CONTRACT.md.")]


async def checklist_day(clock: TodayDep, rulebook: RulebookDep, today: Today = None) -> date:
    """The day asked for with `?today=`, else today: due dates are computed from it."""
    return day_asked_for(today, window=rulebook.policy.date_window, today=clock)


Day = Annotated[date, Depends(checklist_day)]


def _summary(trip: Trip) -> TripSummary:
    return TripSummary(
        id=trip.id,
        name=title_of(trip),
        status=trip.status,
        departure=trip.departure,
        return_=trip.return_date,
        countries=trip.countries.split(),
        elevated_risk=trip.elevated_risk,
        sanctioned=trip.sanctioned,
    )


def _trip_out(session: Session, trip: Trip, rulebook, today: date) -> TripOut:
    view = trip_service.view_of(session, trip=trip, rulebook=rulebook, today=today)
    hits = screening_service.traveler_hits(session, trip=trip, rulebook=rulebook)
    change = trip_lifecycle.open_changes(session, trip=trip)
    return TripOut(
        **_summary(trip).model_dump(),
        itinerary=trip.itinerary,
        checklist=view.as_json(),
        screening_review=[HitReview(**hit.traveler_json()) for hit in hits],
        changes=[ChecklistChangeOut(**_contract(entry)) for entry in change.entries] if change else [],
        changes_id=change.id if change else None,
    )


def _contract(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in ("item", "change", "reason")}


def _changeable(session: Session, trip_id: int, user: User) -> Trip:
    return trip_service.visible_trip(session, trip_id=trip_id, user=user, to_change=True)


@router.get("/trips", response_model=list[TripSummary], responses=ERRORS)
async def list_trips(user: ApiUser, session: SessionDep) -> list[TripSummary]:
    """Your trips, soonest departure first."""
    found = await session.run_sync(trips.list_for, user=user)
    return [_summary(trip) for trip in found]


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
    day: Day,
    clock: TodayDep,
) -> TripOut:
    """Save a trip; answers with the trip and its checklist."""
    create = partial(trip_service.create_trip, user=user, rulebook=rulebook, today=day)
    trip = await session.run_sync(
        create, itinerary=parse_or_refuse(itinerary, window=rulebook.policy.date_window, today=clock)
    )
    await session.commit()
    return await session.run_sync(_trip_out, trip, rulebook, day)


@router.get("/trips/{trip_id}", response_model=TripOut, responses=ERRORS)
async def get_trip(
    trip_id: TripId, user: ApiUser, session: SessionDep, rulebook: RulebookDep, day: Day, response: Response
) -> TripOut:
    """One of your trips with its checklist and item statuses; its ETag is for If-Match on PUT."""
    trip = await session.run_sync(trip_service.visible_trip, trip_id=trip_id, user=user)
    response.headers["ETag"] = _etag(trip)
    return await session.run_sync(_trip_out, trip, rulebook, day)


def _etag(trip: Trip) -> str:
    return f'"v{trip_service.version_of(trip)}"'


def _seen_version(if_match: str | None) -> int | None:
    """The version an If-Match header names; None for none or `*`; 409 for anything else."""
    tag = (if_match or "*").strip().removeprefix("W/")
    if tag == "*":
        return None
    if tag.startswith('"v') and tag.endswith('"') and tag[2:-1].isdigit() and len(tag) < 20:
        return int(tag[2:-1])
    raise Conflict('If-Match must be the ETag of GET /api/v1/trips/{id}, e.g. "v3".')


@router.put("/trips/{trip_id}", response_model=TripOut, responses=ERRORS, openapi_extra=ITINERARY_BODY)
async def replace_trip(
    trip_id: TripId,
    itinerary: ItineraryBody,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    day: Day,
    clock: TodayDep,
    response: Response,
    if_match: Annotated[str | None, Header(description="The ETag you read; a stale one is a 409.")] = None,
) -> TripOut:
    """Replace the itinerary; statuses of items that still apply are kept.

    Send If-Match with the ETag you read, so that a change saved meanwhile is not lost.
    """
    trip = await session.run_sync(_changeable, trip_id, user)
    seen = _seen_version(if_match)
    if seen is None:
        seen = trip_service.version_of(trip)  # no If-Match: based on what this request read
    trip_service.ensure_unchanged(trip=trip, seen=seen)
    parsed = parse_or_refuse(itinerary, window=rulebook.policy.date_window, today=clock)
    # End the read; on SQLite the save then holds the write lock from its first statement.
    await session.commit()
    await session.run_sync(begin_writing)
    update = partial(trip_service.update_trip, trip=trip, user=user, rulebook=rulebook, today=day)
    await session.run_sync(update, itinerary=parsed, read_version=seen)
    await session.commit()
    response.headers["ETag"] = _etag(trip)
    return await session.run_sync(_trip_out, trip, rulebook, day)


@router.delete("/trips/{trip_id}", response_model=TripSummary, responses=ERRORS)
async def cancel_trip(trip_id: TripId, user: ApiUser, session: SessionDep) -> TripSummary:
    """Cancel the trip; its record is kept."""
    trip = await session.run_sync(_changeable, trip_id, user)
    await session.run_sync(trip_lifecycle.cancel_trip, trip=trip, user=user)
    await session.commit()
    return _summary(trip)


@router.post("/trips/{trip_id}/changes/dismiss", response_model=TripOut, responses=ERRORS)
async def dismiss_changes(
    trip_id: TripId,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    day: Day,
    seen: Annotated[DismissChangesIn | None, Body()] = None,
) -> TripOut:
    """Hide "what changed" up to the diff read (`changes_id`), as the trip page's Dismiss does."""
    trip = await session.run_sync(_changeable, trip_id, user)
    up_to = seen.up_to if seen and seen.up_to else None
    if up_to is None:
        change = await session.run_sync(lambda s: trip_lifecycle.open_changes(s, trip=trip))
        up_to = change.id if change else None
    if up_to is not None:
        await session.run_sync(trip_lifecycle.dismiss_changes, trip=trip, user=user, up_to=up_to)
        await session.commit()
    return await session.run_sync(_trip_out, trip, rulebook, day)


@router.patch("/trips/{trip_id}/items/{item_id}", response_model=ItemStatusOut, responses=ERRORS)
async def set_item_status(
    trip_id: TripId,
    item_id: ItemId,
    change: ItemStatusIn,
    user: ApiUser,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
) -> ItemStatusOut:
    """Mark one item done, not applicable (with a note; required items need one), or open again."""
    trip = await session.run_sync(_changeable, trip_id, user)
    set_status = partial(
        trip_service.set_status, trip=trip, user=user, item_id=item_id, rulebook=rulebook, today=today
    )
    try:
        row = await session.run_sync(set_status, status=change.status, note=change.note)
    except trip_service.ReasonRequired as error:  # a 422 like any other, naming the field
        raise invalid_input(("note", error.message)) from None
    await session.commit()
    return ItemStatusOut(item_id=row.item_id, status=row.status, note=row.note)
