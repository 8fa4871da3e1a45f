"""Request dependencies as Annotated aliases: the session, the user, the rulebook, today."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData

from travelprep.accounts import repository as users
from travelprep.accounts import tokens
from travelprep.db.models import User
from travelprep.web.database import RequestDb
from travelprep.web.errors import Forbidden, SignInRequired

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook

STAFF_ROLES = frozenset({"compliance", "admin"})
LOANER_STAFF_ROLES = frozenset({"loaner_staff", "admin"})

# Every dependency is `async def`: FastAPI runs a plain `def` in the thread pool, and under
# load a thread hop costs more than the work itself (database I/O: see web/database.py).


async def get_session(request: Request) -> AsyncIterator[RequestDb]:
    """One database session per request; the handler commits what it changed."""
    db = request.app.state.open_db(request.method in ("GET", "HEAD"))  # read-only requests
    try:
        yield db
    finally:
        await db.close()


SessionDep = Annotated[RequestDb, Depends(get_session)]


async def get_today(request: Request) -> date:
    """Today's date from the app's clock (tests pin it with `app.state.clock`)."""
    return request.app.state.clock()


TodayDep = Annotated[date, Depends(get_today)]


async def get_rulebook(request: Request) -> Rulebook:
    """The rulebook in force: loaded at start-up, reloaded when an import changes the data."""
    return await request.app.state.reloader.rulebook()


RulebookDep = Annotated["Rulebook", Depends(get_rulebook)]


async def get_optional_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user from the session cookie (or the trusted proxy's header), or None."""
    user = None
    if request.app.state.settings.auth_mode == "proxy":
        from travelprep.accounts.signin import user_from_proxy_header

        user = await session.run_sync(user_from_proxy_header, request)
    user_id = request.session.get("user_id")
    if user is None and isinstance(user_id, int):
        user = await session.run_sync(users.get, user_id=user_id)
    request.state.user = user
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


async def get_current_user(user: OptionalUser) -> User:
    """The signed-in user; pages that need one send others to sign in."""
    if user is None:
        raise SignInRequired()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_signed_in_user_id(request: Request, session: SessionDep) -> int:
    """The signed-in user's id, for a page that reads the user in its own query; else sign in.

    The session cookie names the user by id, so this costs no query; the page must still find
    the user (a deleted one is signed out). The trusted proxy's header names an email, which
    is looked up as for every page.
    """
    if request.app.state.settings.auth_mode == "proxy":
        return (await get_current_user(await get_optional_user(request, session))).id
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise SignInRequired()
    return user_id


SignedInUserId = Annotated[int, Depends(get_signed_in_user_id)]


async def get_staff_user(user: CurrentUser) -> User:
    """A compliance officer or an admin; anyone else gets 403."""
    if user.role not in STAFF_ROLES:
        raise Forbidden("This page is for Research Compliance staff.")
    return user


StaffUser = Annotated[User, Depends(get_staff_user)]


async def get_loaner_staff_user(user: CurrentUser) -> User:
    """Loaner desk staff or an admin; anyone else gets 403."""
    if user.role not in LOANER_STAFF_ROLES:
        raise Forbidden("This page is for the IT loaner desk.")
    return user


LoanerStaffUser = Annotated[User, Depends(get_loaner_staff_user)]


_bearer = HTTPBearer(auto_error=False, description="A token from `travelprep tokens create`.")


async def get_api_user(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The owner of the bearer token in the Authorization header."""
    user = None
    if credentials is not None and credentials.credentials.strip():
        user = await session.run_sync(tokens.authenticate, plain=credentials.credentials.strip())
    if user is None:
        raise SignInRequired("A valid bearer token is required (travelprep tokens create).")
    request.state.user = user  # the access log names the user by id
    return user


ApiUser = Annotated[User, Depends(get_api_user)]


async def get_api_staff_user(user: ApiUser) -> User:
    """A token of a compliance officer or an admin; anyone else's gets 403."""
    if user.role not in STAFF_ROLES:
        raise Forbidden("This is for Research Compliance staff.")
    return user


ApiStaffUser = Annotated[User, Depends(get_api_staff_user)]


async def read_form(request: Request) -> FormData:
    """The submitted form fields (url-encoded or multipart, no files)."""
    return await request.form(max_files=0, max_fields=500)


FormDep = Annotated[FormData, Depends(read_form)]
