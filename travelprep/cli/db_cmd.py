"""`travelprep db ...`: database migrations."""

from __future__ import annotations

import typer

app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target migration.")) -> None:
    """Apply the migrations (creates the SQLite file when it is missing)."""
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    migrate.upgrade(engine, revision)
    typer.echo(f"database at {migrate.current_revision(engine)}")


@app.command("current")
def current() -> None:
    """Print the migration the database is at, and the newest one shipped."""
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    typer.echo(f"database: {migrate.current_revision(engine)}  newest: {migrate.head_revision()}")
