"""Apply the Alembic migrations shipped in the package, and tell whether a schema is behind."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

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


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to `revision` (the newest by default)."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ensure_current(engine: Engine) -> None:
    """Refuse to run on a schema that is behind the code."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaBehind(
            f"the database schema is at {current or 'nothing'} but this version needs {head}: "
            "run `travelprep db upgrade`"
        )
