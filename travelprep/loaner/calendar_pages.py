"""The loaner desk's calendar: a download for signed-in staff, and each staff member's feed.

Calendar apps cannot sign in, so the feed's URL carries the staff member's personal calendar
token, the one of their traveler feed: one "make a new link" on the profile page revokes
both. The token only names a person; the role is checked on every request, and a traveler's
token, or that of someone no longer on the desk, gets the same 404 as a token that never was.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from travelprep.errors import NotFound
from travelprep.loaner import desk_service
from travelprep.loaner.auth import LoanerDeskStaff
from travelprep.loaner.calendar_feed import LoanEvent, build_loaner_calendar, loaner_feed_etag
from travelprep.settings import Settings
from travelprep.web import ics_responses as ics
from travelprep.web.deps import SessionDep, SettingsDep, TodayDep

router = APIRouter()
SHOWN_SINCE = timedelta(days=30)  # returns a month back stay, for the desk's own records


def _staff_loan_events(session: Session, *, token: str, since: date, settings: Settings) -> list[LoanEvent]:
    if desk_service.desk_member_by_token(session, token=token) is None:
        raise NotFound(ics.NO_SUCH_FEED)  # a traveler's token, or one no longer on the desk
    return desk_service.loan_events(session, since=since, settings=settings)


def _answer(
    request: Request, events: list[LoanEvent], *, domain: str, filename: str | None = None
) -> Response:
    """304 when the client's ETag still holds (the calendar is not built), else the calendar."""
    etag = loaner_feed_etag(events, domain=domain)
    if ics.is_unchanged(etag, ics.if_none_match(request)):
        return ics.not_modified(etag)
    body = build_loaner_calendar(events, domain=domain, now=datetime.now(UTC))
    return ics.calendar_response(request, body, etag=etag, filename=filename)


@router.api_route("/loaner/calendar.ics", methods=ics.METHODS, include_in_schema=False)
async def calendar_download(
    request: Request, user: LoanerDeskStaff, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> Response:
    """Pickups and returns from 30 days ago on, as an .ics file to import."""
    events = await session.run_sync(desk_service.loan_events, since=today - SHOWN_SINCE, settings=settings)
    return _answer(request, events, domain=settings.uid_domain, filename="loaner-desk.ics")


@router.api_route("/loaner/calendar/{token}.ics", methods=ics.METHODS, include_in_schema=False)
async def calendar_feed(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> Response:
    """The same calendar to subscribe to; the secret URL is the key, the owner's role the gate."""
    events = await session.run_sync(
        _staff_loan_events, token=token, since=today - SHOWN_SINCE, settings=settings
    )
    return _answer(request, events, domain=settings.uid_domain)
