"""`travelprep serve`: run the web app with uvicorn, logging JSON lines to stderr."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the web app and the JSON API."""
    import uvicorn

    from travelprep.cli.output import settings_or_exit
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine

    # Fail here, once and readably, rather than in every worker.
    settings = settings_or_exit()
    try:
        migrate.ensure_current(make_engine(settings.effective_database_url))
    except migrate.SchemaBehind as behind:
        typer.echo(f"error: {behind}", err=True)
        raise typer.Exit(1) from None
    shared = _share_metrics_between_workers() if workers > 1 else None
    try:
        _run(uvicorn, settings, host, port, workers)
    finally:
        if shared is not None:
            import shutil

            shutil.rmtree(shared, ignore_errors=True)


def _run(uvicorn, settings, host: str, port: int, workers: int) -> None:
    from travelprep.logs import logging_config

    uvicorn.run(
        "travelprep.web.asgi:app",
        host=host,
        port=port,
        workers=workers,
        # Behind a trusted proxy, X-Forwarded-* give the real scheme (for OIDC redirects).
        # In proxy sign-in mode the peer address must stay the proxy's, because the identity
        # header is believed only from it, so forwarded headers are not applied then.
        proxy_headers=settings.auth_mode != "proxy",
        forwarded_allow_ips=",".join(settings.trusted_proxies),
        log_config=logging_config(settings.log_level),
        log_level=settings.log_level,
        # uvicorn's access lines carry raw paths and query strings (calendar tokens): the app
        # writes its own, by route template (travelprep.web.observability).
        access_log=False,
    )


def _share_metrics_between_workers() -> str | None:
    """Point the workers at one folder of metric files, so any worker's /metrics sees them all.

    Returns the folder when it was made here (and is removed at exit); a folder given in
    PROMETHEUS_MULTIPROC_DIR is the operator's and is kept.
    """
    import os
    import tempfile

    from travelprep.metrics import MULTIPROCESS_ENV

    if os.environ.get(MULTIPROCESS_ENV):
        return None
    os.environ[MULTIPROCESS_ENV] = tempfile.mkdtemp(prefix="travelprep-metrics-")
    return os.environ[MULTIPROCESS_ENV]
