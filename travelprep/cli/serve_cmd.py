"""`travelprep serve`: run the web app with uvicorn."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the web app and the JSON API."""
    import uvicorn

    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.settings import get_settings

    # Fail here, once and readably, rather than in every worker.
    settings = get_settings()
    try:
        migrate.ensure_current(make_engine(settings.effective_database_url))
    except migrate.SchemaBehind as behind:
        typer.echo(f"error: {behind}", err=True)
        raise typer.Exit(1) from None
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
        log_level="warning",
    )
