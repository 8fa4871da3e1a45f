"""Shared request dependencies as Annotated aliases: the session, settings, today, the rulebook.

These are the only readers of `app.state` besides `create_app`; who the user is and what they
may do lives in each feature's `auth.py` (accounts/auth.py for the signed-in user).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import FormData

from travelprep.errors import NotFound
from travelprep.settings import Settings
from travelprep.web.database import RequestDb

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.trips.form_choices import CountryChoices
    from travelprep.web.page_cache import PageCache
    from travelprep.web.signin_guard import SignInGuard
    from travelprep.web.upload_guard import UploadGuard

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


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    """Sessions for work outside the request's own session (e.g. in a worker thread)."""
    return request.app.state.session_factory


SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


async def get_today(request: Request) -> date:
    """Today's date from the app's clock (tests pin it with `app.state.clock`)."""
    return request.app.state.clock()


TodayDep = Annotated[date, Depends(get_today)]


async def get_settings(request: Request) -> Settings:
    """The settings the app was made with."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_rulebook(request: Request) -> Rulebook:
    """The rulebook in force: loaded at start-up, reloaded when an import changes the data."""
    return await request.app.state.reloader.rulebook()


RulebookDep = Annotated["Rulebook", Depends(get_rulebook)]


async def get_rulebook_version(request: Request, rulebook: RulebookDep) -> str | None:
    """The content version of this request's rulebook; None if a reload swapped it meanwhile."""
    loaded = request.app.state.loaded_rulebook
    return loaded.version if loaded.rulebook is rulebook else None


RulebookVersionDep = Annotated[str | None, Depends(get_rulebook_version)]


async def get_page_cache(request: Request) -> PageCache:
    """The app's one cache of rendered pages (see web/page_cache.py)."""
    return request.app.state.page_cache


PageCacheDep = Annotated["PageCache", Depends(get_page_cache)]


async def get_upload_guard(request: Request) -> UploadGuard:
    """The app's one limit on file uploads to parse (see web/upload_guard.py)."""
    return request.app.state.upload_guard


UploadGuardDep = Annotated["UploadGuard", Depends(get_upload_guard)]


async def get_signin_guard(request: Request) -> SignInGuard:
    """The app's one count of failed sign-ins per address (see web/signin_guard.py)."""
    return request.app.state.signin_guard


SignInGuardDep = Annotated["SignInGuard", Depends(get_signin_guard)]


async def get_country_choices(request: Request) -> CountryChoices:
    """The countries and regions the forms offer, made from the rulebook in force."""
    return request.app.state.choices


ChoicesDep = Annotated["CountryChoices", Depends(get_country_choices)]


async def get_oidc_client(request: Request) -> Any:
    """The OpenID Connect client create_app registered; 404 when sign-in is not by OIDC."""
    client = request.app.state.oidc_client
    if client is None:
        raise NotFound()
    return client


OidcClientDep = Annotated[Any, Depends(get_oidc_client)]


async def read_form(request: Request) -> FormData:
    """The submitted form fields (url-encoded or multipart, no files)."""
    return await request.form(max_files=0, max_fields=500)


FormDep = Annotated[FormData, Depends(read_form)]
