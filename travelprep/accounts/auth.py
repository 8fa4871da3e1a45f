"""Who is signed in: the user from the session cookie, the trusted proxy or a bearer token.

Each feature names who may use it with `role_required` in its own auth.py
(compliance/auth.py, loaner/auth.py); role names are grouped only in accounts/roles.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from travelprep.accounts import repository as users
from travelprep.accounts import tokens
from travelprep.db.models import User
from travelprep.errors import Forbidden, SignInRequired
from travelprep.web.deps import SessionDep, SettingsDep, SignInGuardDep


async def get_optional_user(
    request: Request, session: SessionDep, settings: SettingsDep, guard: SignInGuardDep
) -> User | None:
    """The signed-in user from the session cookie (or the trusted proxy's header), or None.

    A proxy header the app does not believe counts as a failed sign-in (web/signin_guard.py).
    """
    user = None
    if settings.auth_mode == "proxy" and settings.proxy_header in request.headers:
        from travelprep.accounts.signin import user_from_proxy_header

        await guard.check(request)
        user = await session.run_sync(user_from_proxy_header, request, settings)
        if user is None:
            await session.close()  # hold no connection while the failure takes one to be counted
            await guard.failed(request)
    user_id = request.session.get("user_id")
    if user is None and isinstance(user_id, int):
        user = await session.run_sync(users.get, user_id=user_id)
        if user is not None and request.session.get("version") != (user.session_version or 0):
            request.session.clear()  # signed out, or the role changed, since this cookie
            user = None
    request.state.user = user
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


async def get_current_user(user: OptionalUser) -> User:
    """The signed-in user; pages that need one send others to sign in."""
    if user is None:
        raise SignInRequired()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


@dataclass(frozen=True)
class SignedIn:
    """Who the session cookie names, for a page that reads the user in its own query.

    The page must check the user's session version with `still_valid` (None: already checked).
    """

    user_id: int
    version: int | None

    def still_valid(self, request: Request, current: int | None) -> None:
        """SignInRequired if the user is gone, or signed out or changed role since the cookie."""
        if current is None or (self.version is not None and self.version != current):
            request.session.clear()
            raise SignInRequired()


async def get_signed_in(
    request: Request, session: SessionDep, settings: SettingsDep, guard: SignInGuardDep
) -> SignedIn:
    """The signed-in user's id and cookie version, without a query; else sign in.

    The session cookie names the user by id, so this costs no query; the page then finds the
    user in its own query and checks the version (a deleted user is signed out too). The
    trusted proxy's header names an email, which is looked up as for every page.
    """
    if settings.auth_mode == "proxy":
        user = await get_current_user(await get_optional_user(request, session, settings, guard))
        return SignedIn(user.id, None)
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise SignInRequired()
    version = request.session.get("version")
    return SignedIn(user_id, version if isinstance(version, int) else -1)


SignedInDep = Annotated[SignedIn, Depends(get_signed_in)]

_bearer = HTTPBearer(auto_error=False, description="A token from `travelprep tokens create`.")


async def get_api_user(
    request: Request,
    session: SessionDep,
    guard: SignInGuardDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The owner of the bearer token in the Authorization header.

    A token that names no one counts as a failed sign-in; an address with too many gets 429
    (web/signin_guard.py). A request without a token is only told to bring one.
    """
    user = None
    if credentials is not None and credentials.credentials.strip():
        await guard.check(request)
        user = await session.run_sync(tokens.authenticate, plain=credentials.credentials.strip())
        if user is None:
            # Hold no connection while the failure takes one to be counted: with every pooled
            # connection held by a bad-token request, each would wait for another.
            await session.close()
            await guard.failed(request)
    if user is None:
        raise SignInRequired("A valid bearer token is required (travelprep tokens create).")
    request.state.user = user  # the access log names the user by id
    return user


ApiUser = Annotated[User, Depends(get_api_user)]


def role_required(
    allowed: Callable[[User], bool], message: str, *, token: bool = False
) -> Callable[[User], Awaitable[User]]:
    """A dependency: the signed-in user (or the bearer token's owner) if `allowed`, else 403."""

    async def page_user(user: CurrentUser) -> User:
        if not allowed(user):
            raise Forbidden(message)
        return user

    async def token_user(user: ApiUser) -> User:
        if not allowed(user):
            raise Forbidden(message)
        return user

    return token_user if token else page_user
