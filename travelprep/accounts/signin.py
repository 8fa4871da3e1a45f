"""Signing in and out: dev sign-in page, OpenID Connect, or a trusted proxy header."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from travelprep.accounts import repository as users
from travelprep.accounts.auth import OptionalUser
from travelprep.accounts.roles import home_path
from travelprep.db import audit
from travelprep.db.engine import begin_writing
from travelprep.db.models import ROLES, User
from travelprep.errors import NotFound
from travelprep.settings import Settings
from travelprep.web.client_address import is_trusted_proxy
from travelprep.web.deps import (
    OidcClientDep,
    SessionDep,
    SessionFactoryDep,
    SettingsDep,
    SignInGuardDep,
)
from travelprep.web.rendering import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths are followed after sign-in, never another site; "" when there is none."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


def landing(target: str | None, user: User) -> str:
    """Where to go after signing in: the page asked for, or the role's own home."""
    return safe_next(target) or home_path(user)


def start_session(request: Request, user: User) -> None:
    """Put the user in a fresh session cookie (a new cookie guards against fixation)."""
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["version"] = user.session_version or 0


def user_from_proxy_header(session: Session, request: Request, settings: Settings) -> User | None:
    """The user named by the trusted reverse proxy's header, if the request came through it."""
    client = request.client.host if request.client else ""
    email = request.headers.get(settings.proxy_header, "").strip()
    if not is_trusted_proxy(client, settings.trusted_proxies) or "@" not in email:
        return None
    user = users.get_or_create(session, email=email)
    session.commit()
    return user


@router.get("/signin", include_in_schema=False)
async def signin_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    """The sign-in page for the configured mode."""
    return render(request, "accounts/signin.html", {"next": safe_next(next), "roles": ROLES, "error": ""})


def _dev_sign_in(session: Session, *, email: str, role: str) -> User:
    user = users.get_or_create(session, email=email, role=role)
    audit.record(session, actor=user, action="user.signin.dev", object_type="user", object_id=user.id)
    return user


@router.post("/signin", include_in_schema=False)
async def dev_signin(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    guard: SignInGuardDep,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "traveler",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Development sign-in: pick an email and a role. Refused outside development."""
    if not settings.is_development or settings.auth_mode != "dev":
        raise NotFound()
    await guard.check(request)
    email = email.strip()
    if "@" not in email or len(email) > 320 or role not in ROLES:
        await guard.failed(request)
        context = {"next": safe_next(next), "roles": ROLES, "email": email}
        context["error"] = "Enter an email address and pick one of the roles."
        return render(request, "accounts/signin.html", context, 400)
    # A sign-in reads, then writes (the user, the audit row): on SQLite it takes the write lock
    # first, so a job writing at the same moment (a re-evaluation at start) makes it wait, not fail.
    await session.commit()
    await session.run_sync(begin_writing)
    user = await session.run_sync(_dev_sign_in, email=email, role=role)
    await session.commit()
    start_session(request, user)
    return RedirectResponse(landing(next, user), status_code=303)


@router.post("/signout", include_in_schema=False)
async def signout(request: Request, user: OptionalUser, session: SessionDep) -> Response:
    """End the session: this cookie, and any copy of it or of the user's other cookies."""
    if user is not None:
        await session.run_sync(lambda db: users.end_sessions(db, user=user))
        await session.commit()
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def oidc_client(settings: Settings) -> Any:
    """The OpenID Connect client for the settings' identity provider (create_app makes it once)."""
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    oauth.register(
        "oidc",
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        client_kwargs={"scope": "openid email profile"},
    )
    return oauth.oidc


@router.get("/auth/oidc/login", include_in_schema=False)
async def oidc_login(request: Request, client: OidcClientDep, next: str | None = None) -> Response:
    """Send the browser to the identity provider."""
    request.session["next"] = safe_next(next)
    return await client.authorize_redirect(request, str(request.url_for("oidc_callback")))


@router.get("/auth/oidc/callback", include_in_schema=False, name="oidc_callback")
async def oidc_callback(
    request: Request, client: OidcClientDep, session_factory: SessionFactoryDep, guard: SignInGuardDep
) -> Response:
    """Back from the identity provider: sign in the user its ID token names."""
    from authlib.integrations.starlette_client import OAuthError

    await guard.check(request)
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as error:
        await guard.failed(request)
        context = {"status": 400, "message": f"Sign-in failed: {error.error}"}
        return render(request, "error.html", context, 400)
    claims = token.get("userinfo") or {}
    email = str(claims.get("email") or "")
    if "@" not in email:
        context = {"status": 400, "message": "The identity provider gave no email address."}
        return render(request, "error.html", context, 400)
    if claims.get("email_verified") is not True:
        message = (
            "The identity provider has not verified this email address, so it cannot sign you "
            "in. Verify it with your identity provider and try again."
        )
        return render(request, "error.html", {"status": 403, "message": message}, 403)

    def sign_in() -> User:
        with session_factory() as session:
            begin_writing(session)  # reads, then writes: on SQLite, wait for the lock up front
            user = users.get_or_create(session, email=email, name=str(claims.get("name") or ""))
            audit.record(
                session,
                actor=user,
                action="user.signin.oidc",
                object_type="user",
                object_id=user.id,
            )
            session.commit()
            return user

    user = await run_in_threadpool(sign_in)
    target = landing(request.session.get("next"), user)
    start_session(request, user)
    return RedirectResponse(target, status_code=303)
