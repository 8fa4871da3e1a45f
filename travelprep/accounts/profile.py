"""The profile page: the calendar feed links (and regenerating them), and email reminders on or off."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from travelprep.accounts.auth import CurrentUser
from travelprep.accounts.roles import is_loaner_staff
from travelprep.calendar import repository as feeds
from travelprep.db import audit
from travelprep.settings import Settings
from travelprep.web.deps import FormDep, SessionDep, SettingsDep
from travelprep.web.rendering import render

router = APIRouter()


def feed_links(settings: Settings, path: str) -> tuple[str, str]:
    """A feed's https URL and the same as a webcal:// link that opens a calendar app."""
    url = settings.public_url(path)
    return url, urlunsplit(urlsplit(url)._replace(scheme="webcal"))


@router.get("/profile", include_in_schema=False)
async def profile_page(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    """Calendar subscriptions (the loaner desk's too, for its staff) and email reminders.

    The link is shown from the token's copy sealed with the app secret; when that copy cannot
    be opened (calendar/feed_tokens.py), the page says so and offers a new link.
    """
    new = not user.calendar_token
    token = await session.run_sync(feeds.ensure_token, user=user, secret=settings.secret_key)
    if new:
        await session.commit()
    context: dict = {"saved": request.query_params.get("saved"), "feed_hidden": token is None}
    if token is None:
        return render(request, "accounts/profile.html", context)
    feed_url, webcal_url = feed_links(settings, f"/calendar/{token}.ics")
    context |= {"feed_url": feed_url, "webcal_url": webcal_url}
    if is_loaner_staff(user):
        # The same token: the desk's feed checks the role on every request, not the link.
        desk_url, desk_webcal_url = feed_links(settings, f"/loaner/calendar/{token}.ics")
        context |= {"desk_feed_url": desk_url, "desk_webcal_url": desk_webcal_url}
    return render(request, "accounts/profile.html", context)


def _regenerate(session, *, user, secret: str) -> None:
    feeds.regenerate_token(session, user=user, secret=secret)
    audit.record(
        session, actor=user, action="calendar.token.regenerate", object_type="user", object_id=user.id
    )


@router.post("/profile/calendar-token", include_in_schema=False)
async def regenerate_feed_token(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    """A new feed link; the old one stops working."""
    await session.run_sync(_regenerate, user=user, secret=settings.secret_key)
    await session.commit()
    return RedirectResponse("/profile?saved=link#calendar", status_code=303)


def _set_reminders(session, *, user, on: bool) -> None:
    feeds.set_email_reminders(session, user=user, on=on)
    audit.record(
        session,
        actor=user,
        action="reminders.email",
        object_type="user",
        object_id=user.id,
        detail={"on": on},
    )


@router.post("/profile/reminders", include_in_schema=False)
async def set_email_reminders(user: CurrentUser, session: SessionDep, form: FormDep) -> Response:
    """Turn email reminders on or off."""
    await session.run_sync(_set_reminders, user=user, on=form.get("email_reminders") == "on")
    await session.commit()
    return RedirectResponse("/profile?saved=reminders#reminders", status_code=303)
