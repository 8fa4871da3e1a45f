"""The app factory: settings, database, rulebook, middleware and routers in one place."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from travelprep.calendar import places
from travelprep.db import migrate
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.paths import templates_dir
from travelprep.settings import Settings, get_settings
from travelprep.trips.form_choices import CountryChoices
from travelprep.web import parse_worker
from travelprep.web.csrf import CsrfMiddleware
from travelprep.web.database import request_db_factory
from travelprep.web.errors import install_error_handlers
from travelprep.web.json_guard import JsonGuardMiddleware
from travelprep.web.log_redaction import redact_feed_tokens_in_access_logs
from travelprep.web.observability import ObservabilityMiddleware
from travelprep.web.page_cache import PageCache
from travelprep.web.security_headers import SecurityHeadersMiddleware
from travelprep.web.signin_guard import SignInGuard
from travelprep.web.upload_guard import UploadGuard

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from travelprep.engine.rules.rulebook import Rulebook


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    rulebook: Rulebook | None = None,
) -> FastAPI:
    """Build the app; refuses to start on a database schema that is behind the code."""
    from travelprep.accounts import profile, signin
    from travelprep.calendar import pages as calendar_feed
    from travelprep.compliance import data_pages as staff_data
    from travelprep.compliance import pages as staff
    from travelprep.loaner import api as loaner_api
    from travelprep.loaner import calendar_pages as loaner_calendar
    from travelprep.loaner import desk_pages as loaner_desk
    from travelprep.loaner import inventory_pages
    from travelprep.loaner import pages as loaner_pages
    from travelprep.reevaluation import pages as data_change_pages
    from travelprep.reevaluation.background import DEPLOY_CAUSE, RELOAD_CAUSE, BackgroundReevaluation
    from travelprep.refdata.reload import RulebookReloader
    from travelprep.refdata.rulebook_loading import LoadedRulebook, load_versioned_rulebook
    from travelprep.review import api as screening_api
    from travelprep.review import pages as screening_pages
    from travelprep.trips import api, checklist_api, ics_upload, my_trips, quick_check
    from travelprep.trips import pages as trip_pages
    from travelprep.trips.schemas import document_itinerary
    from travelprep.visit_review import api as visit_screening_api
    from travelprep.visit_review import pages as visit_screening_pages
    from travelprep.visits import api as visit_api
    from travelprep.visits import change_pages as visit_change_pages
    from travelprep.visits import checklist_api as visit_checklist_api
    from travelprep.visits import pages as visit_pages
    from travelprep.visits import staff_pages as visit_staff_pages
    from travelprep.visits.schemas import document_visit
    from travelprep.web import operations

    settings = settings or get_settings()
    # The .ics importer's place tables (about half a second of CPU that holds the interpreter):
    # built now, once per process, so that no upload spends it while /healthz waits.
    places.warm_up()
    engine = engine or make_engine(settings.effective_database_url)
    migrate.ensure_current(engine)

    app = FastAPI(
        title="TravelPrep",
        summary="Turns a research trip's itinerary into an explained, dated checklist.",
        version="1",
        # Swagger UI loads its script from a CDN, which the production CSP refuses.
        docs_url="/api/docs" if settings.is_development else None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.clock = date.today  # tests pin the day by replacing it
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)  # for work outside requests
    app.state.open_db = request_db_factory(engine)
    app.state.oidc_client = signin.oidc_client(settings) if settings.auth_mode == "oidc" else None

    app.state.page_cache = PageCache()
    # Users' files are parsed in child processes forked from one server, started now in the
    # background (seconds of imports and tables, once per process), not on the first upload.
    parse_worker.start()
    app.state.upload_guard = UploadGuard(
        settings.ics_uploads_per_minute,
        memory_bytes=settings.parse_memory_mb * 2**20,
        cpu_seconds=settings.parse_cpu_seconds,
    )
    app.state.signin_guard = SignInGuard(
        settings.signin_failures_allowed,
        settings.signin_failure_window_seconds,
        open_db=app.state.open_db,
        trusted_proxies=settings.trusted_proxies,
    )

    app.state.reevaluation = BackgroundReevaluation(app.state.session_factory, settings)

    def serve(loaded: LoadedRulebook) -> None:
        app.state.choices = CountryChoices.from_rulebook(loaded.rulebook)
        app.state.rulebook, app.state.loaded_rulebook = loaded.rulebook, loaded

    def use_rulebook(loaded: LoadedRulebook) -> None:
        serve(loaded)
        app.state.reevaluation.data_in_force(loaded, cause=RELOAD_CAUSE)  # data imported meanwhile

    # Made before loading, so that an import finished while loading is noticed afterwards.
    app.state.reloader = RulebookReloader(
        app.state,
        settings.data_dir,
        load=lambda: load_versioned_rulebook(settings),
        every_seconds=settings.data_check_seconds,
        on_reload=use_rulebook,
    )
    # A rulebook handed in has no files to hash: a version of its own keeps its pages apart.
    given = rulebook and LoadedRulebook(rulebook, f"given-{uuid.uuid4().hex}")
    serve(given or load_versioned_rulebook(settings))
    if not given:  # a deploy with new checklists/, or data imported while no app ran
        app.state.reevaluation.at_start(app.state.loaded_rulebook, cause=DEPLOY_CAUSE)

    # Middleware runs outside-in in reverse order of adding: sessions, the CSRF check, then
    # the JSON check (which reads bodies, so only requests that passed CSRF).
    app.add_middleware(JsonGuardMiddleware)
    app.add_middleware(CsrfMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="travelprep_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=not settings.is_development,
    )
    if not settings.is_development:
        app.add_middleware(SecurityHeadersMiddleware)
    # Outermost, so that it times and counts every answer, CSRF refusals and errors included.
    app.add_middleware(ObservabilityMiddleware)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=templates_dir() / "static"), name="static")
    redact_feed_tokens_in_access_logs()
    pages = (signin, my_trips, quick_check, ics_upload, trip_pages, staff, staff_data, screening_pages)
    pages += (data_change_pages,)
    loaner_routers = (loaner_pages, loaner_desk, loaner_calendar, inventory_pages, loaner_api)
    for module in (
        operations,
        *pages,
        calendar_feed,
        profile,
        checklist_api,
        visit_checklist_api,
        visit_api,
        visit_pages,
        visit_change_pages,
        visit_staff_pages,
        visit_screening_pages,
        visit_screening_api,
        api,
        screening_api,
        *loaner_routers,
    ):
        app.include_router(module.router)

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_visit(document_itinerary(FastAPI.openapi(app)))
        return app.openapi_schema

    app.openapi = openapi
    return app
