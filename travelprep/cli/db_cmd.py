"""`travelprep db ...`: database migrations and backups."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Manage the database schema and back it up.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target migration.")) -> None:
    """Apply the migrations (creates the SQLite file when it is missing)."""
    from travelprep.cli.output import settings_or_exit
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine

    engine = make_engine(settings_or_exit().effective_database_url)
    migrate.upgrade(engine, revision)
    typer.echo(f"database at {migrate.current_revision(engine)}")


@app.command("current")
def current() -> None:
    """Print the migration the database is at, and the newest one shipped."""
    from sqlalchemy.exc import SQLAlchemyError

    from travelprep.cli.output import settings_or_exit
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine

    engine = make_engine(settings_or_exit().effective_database_url)
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        typer.echo(f"error: cannot reach the database: {reason}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"database: {current}  newest: {migrate.head_revision()}")


@app.command("backup")
def backup(
    path: Path = typer.Argument(..., help="The backup file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Back up the database: SQLite by its online backup API, PostgreSQL by pg_dump -Fc."""
    from travelprep.cli.output import settings_or_exit
    from travelprep.db.backup import BackupError
    from travelprep.db.backup import backup as make_backup

    try:
        how = make_backup(settings_or_exit().effective_database_url, path, force=force)
    except BackupError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"backed up to {path} ({how})")
