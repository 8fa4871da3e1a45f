"""Calendars of saved trips: one trip's .ics download, and the traveler's subscribed feed.

The feed answers If-None-Match from `feed_etag`, which needs the checklists but never builds
the calendar, so a calendar app polling an unchanged feed costs its queries, the checklists
and a hash.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from travelprep.accounts.auth import CurrentUser
from travelprep.calendar import repository as feeds
from travelprep.calendar.builder import build_calendar
from travelprep.calendar.trips import TripCalendar, feed_etag
from travelprep.db.models import Trip, User
from travelprep.errors import NotFound
from travelprep.review import repository as screening_decisions
from travelprep.trips import repository as trips
from travelprep.trips import service as trip_service
from travelprep.web import ics_responses as ics
from travelprep.web.deps import RulebookDep, SessionDep, SettingsDep, TodayDep

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.settings import Settings

router = APIRouter()


def trip_calendar(
    trip: Trip,
    *,
    rulebook: Rulebook,
    today: date,
    done: frozenset[str],
    cleared: frozenset[tuple[str, str]],
    settings: Settings,
) -> TripCalendar:
    """A saved trip as the calendar builder takes it: UIDs from its id, SEQUENCE from the row."""
    return TripCalendar(
        key=f"trip-{trip.id}",
        checklist=trip_service.checklist_for(trip, rulebook, today, cleared=cleared),
        title=feeds.title_of(trip),
        url=settings.public_url(f"/trips/{trip.id}"),
        sequence=trip.calendar_sequence,
        cancelled=trip.status == "cancelled",
        done_items=done,
    )


def _per_trip(session: Session, trip_ids: list[int]) -> dict[int, tuple[frozenset, frozenset]]:
    """For each trip, its finished items and the screening hits Research Compliance cleared."""
    done = feeds.finished_items(session, trip_ids=trip_ids)
    decisions = screening_decisions.for_trips(session, trip_ids=trip_ids)
    return {
        trip_id: (done[trip_id], screening_decisions.cleared_pairs(decisions[trip_id]))
        for trip_id in trip_ids
    }


def _calendars(
    found: list[Trip],
    extra: dict[int, tuple[frozenset, frozenset]],
    *,
    rulebook: Rulebook,
    today: date,
    settings: Settings,
) -> list[TripCalendar]:
    """Each trip's calendar input, with its done items and cleared hits from `_per_trip`."""
    return [
        trip_calendar(
            trip,
            rulebook=rulebook,
            today=today,
            done=extra[trip.id][0],
            cleared=extra[trip.id][1],
            settings=settings,
        )
        for trip in found
    ]


def _feed(
    session: Session, *, token: str, rulebook: Rulebook, today: date, settings: Settings
) -> tuple[str, list[TripCalendar]]:
    """The feed's name and its trips' calendars; 404 for a token that names no one."""
    user = feeds.user_by_token(session, token=token)
    if user is None:
        raise NotFound(ics.NO_SUCH_FEED)
    cutoff = datetime.now(UTC) - timedelta(days=settings.calendar_cancelled_days)
    found = feeds.feed_trips(session, user=user, today=today, cancelled_since=cutoff)
    extra = _per_trip(session, [trip.id for trip in found])
    calendars = _calendars(found, extra, rulebook=rulebook, today=today, settings=settings)
    return f"TravelPrep: {user.name or user.email}", calendars


def _owned_trip_calendar(
    session: Session, *, trip_id: int, user: User, rulebook: Rulebook, today: date, settings: Settings
) -> TripCalendar:
    trip = trips.get(session, trip_id=trip_id)
    if trip is None or trip.user_id != user.id:
        raise NotFound("No such trip.")
    extra = _per_trip(session, [trip.id])
    return _calendars([trip], extra, rulebook=rulebook, today=today, settings=settings)[0]


@router.api_route("/trips/{trip_id}/calendar.ics", methods=ics.METHODS, include_in_schema=False)
async def trip_calendar_download(
    request: Request,
    trip_id: int,
    user: CurrentUser,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    settings: SettingsDep,
) -> Response:
    """The trip's deadlines as a calendar file to import (alarms included)."""
    calendar = await session.run_sync(
        _owned_trip_calendar, trip_id=trip_id, user=user, rulebook=rulebook, today=today, settings=settings
    )
    body = build_calendar([calendar], name=calendar.title, domain=settings.uid_domain, now=datetime.now(UTC))
    return ics.calendar_response(request, body, filename=f"travelprep-trip-{trip_id}.ics")


@router.api_route("/calendar/{token}.ics", methods=ics.METHODS, include_in_schema=False)
async def calendar_feed(
    request: Request,
    token: str,
    session: SessionDep,
    rulebook: RulebookDep,
    today: TodayDep,
    settings: SettingsDep,
) -> Response:
    """The traveler's subscribed feed of upcoming trips; the secret URL is the only key."""
    args = {"token": token, "rulebook": rulebook, "today": today, "settings": settings}
    name, calendars = await session.run_sync(_feed, **args)
    # A poll of an unchanged feed is answered 304 from the ETag, without building the calendar.
    etag = feed_etag(calendars, name=name, domain=settings.uid_domain)
    if ics.is_unchanged(etag, ics.if_none_match(request)):
        return ics.not_modified(etag)
    body = build_calendar(calendars, name=name, domain=settings.uid_domain, now=datetime.now(UTC))
    return ics.calendar_response(request, body, etag=etag)
