"""Endpoints for the people and machines that run TravelPrep: /healthz, /readyz, /metrics.

/healthz says the process answers (no database), for container health checks. /readyz says
whether this instance should get traffic: the database answers, its schema is current, and
the data loads. /metrics is Prometheus text: requests, checklists, reminders, data age.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from travelprep.refdata.status import SourceStatus

router = APIRouter(include_in_schema=False)

READINESS_TIMEOUT_SECONDS = 5.0


@lru_cache(maxsize=1)
def _head_revision() -> str | None:
    from travelprep.db import migrate

    return migrate.head_revision()


def database_problem(engine: Engine) -> str | None:
    """Why the database cannot serve this version of TravelPrep, or None when it can."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300]
        return f"database unreachable: {reason}"
    head = _head_revision()
    if current != head:
        return (
            f"database schema is at {current or 'nothing'} but this version needs {head}: "
            "run `travelprep db upgrade`"
        )
    return None


def current_data_status(request: Request, today: date) -> list[SourceStatus]:
    """Every source the app serves from, as `travelprep data status` lists them."""
    from travelprep.paths import checklists_dir
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.screening_status import shipped_list_statuses
    from travelprep.refdata.status import data_status

    state = request.app.state
    statuses = data_status(state.rulebook, DataStore(state.settings.data_dir), today)
    return statuses + shipped_list_statuses(checklists_dir(), today)


def data_problem(request: Request) -> str | None:
    """Why the data in force is not usable, or None."""
    state = request.app.state
    if getattr(state, "rulebook", None) is None:
        return "the rulebook is not loaded"
    if state.reloader.last_error:
        return state.reloader.last_error
    try:
        current_data_status(request, date.today())
    except Exception as error:  # an unreadable data directory or version file
        return f"data status cannot be read: {error}"
    return None


@router.get("/healthz")
async def healthz() -> Response:
    """The process is up and answering; nothing else is checked."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """200 when the database, its schema and the data are all usable; otherwise 503 and why."""
    await request.app.state.reloader.rulebook()  # an import since the last request counts
    checks: dict[str, str] = {}
    try:
        with anyio.fail_after(READINESS_TIMEOUT_SECONDS):
            problem = await anyio.to_thread.run_sync(
                database_problem, request.app.state.engine, abandon_on_cancel=True
            )
    except TimeoutError:
        problem = f"database did not answer within {READINESS_TIMEOUT_SECONDS:g} seconds"
    checks["database"] = problem or "ok"
    checks["data"] = data_problem(request) or "ok"
    ready = all(value == "ok" for value in checks.values())
    body: dict[str, Any] = {"status": "ready" if ready else "not ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503, headers={"Cache-Control": "no-store"})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus text format: this server's counters and the age of every data source."""
    from travelprep.metrics import exposition

    await request.app.state.reloader.rulebook()  # the ages of the data in force right now
    body, content_type = exposition()
    body += _data_age_exposition(current_data_status(request, date.today()))
    return Response(body, media_type=content_type)


def _data_age_exposition(statuses: list[SourceStatus]) -> bytes:
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import GaugeMetricFamily

    class DataAge:
        def collect(self):
            labels = ["source", "kind", "origin"]
            age = GaugeMetricFamily(
                "travelprep_data_age_days", "Days since the source's as-of date.", labels=labels
            )
            limit = GaugeMetricFamily(
                "travelprep_data_limit_days", "Age in days past which the source is stale.", labels=labels
            )
            stale = GaugeMetricFamily(
                "travelprep_data_stale", "1 when the source is past its limit.", labels=labels
            )
            for s in statuses:
                values = [s.name, s.kind, s.origin]
                age.add_metric(values, s.age_days)
                stale.add_metric(values, 1 if s.stale else 0)
                if s.limit_days is not None:
                    limit.add_metric(values, s.limit_days)
            yield from (age, limit, stale)

    registry = CollectorRegistry(auto_describe=False)
    registry.register(DataAge())
    return generate_latest(registry)
