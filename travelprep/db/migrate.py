"""Apply the Alembic migrations shipped in the package, and tell whether a schema is behind."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaBehind(RuntimeError):
    """The database is not at the newest migration; `travelprep db upgrade` fixes it."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """The newest migration shipped with this version of TravelPrep."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class ForeignKeysBroken(RuntimeError):
    """A migration left rows pointing at rows that are gone: it was rolled back."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to `revision` (the newest by default)."""
    config = _config()
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        _check_foreign_keys(connection)


@contextlib.contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite alters a table by copying it and dropping the old one. With foreign keys on, that
    drop deletes, by cascade, every row that refers to the table (a trip's legs, items and hits):
    so they are off while migrating, as SQLite's documentation for such changes says, and the
    references are checked before the commit. PostgreSQL alters tables in place."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection  # the pragma does nothing inside a transaction
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise ForeignKeysBroken(f"{len(broken)} rows of {', '.join(tables)} refer to missing rows")


def ensure_current(engine: Engine) -> None:
    """Refuse to run on a schema that is behind the code."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaBehind(
            f"the database schema is at {current or 'nothing'} but this version needs {head}: "
            "run `travelprep db upgrade`"
        )
