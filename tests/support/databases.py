"""Fresh databases of the kind a fixture asks for ("sqlite" or "postgresql"), and migrations down."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from alembic import command
from sqlalchemy import Engine

from travelprep.db import migrate
from travelprep.db.engine import make_engine


def database_url(request, tmp_path, *, prefix: str, sqlite_file: str = "travelprep.sqlite3") -> str:
    """An empty database of `request.param`'s kind: `sqlite_file` in `tmp_path`, or a new
    database (named `prefix`_...) on the session's throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / sqlite_file}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"{prefix}_{uuid.uuid4().hex[:12]}")


def migrated_engine(request, tmp_path, *, prefix: str, revision: str | None = "head") -> Iterator[Engine]:
    """An engine on a fresh database of `request.param`'s kind, its commits real, migrated up to
    `revision` (None: left empty, for a test that migrates it itself).

    Its SQLite file is not the app's (travelprep.sqlite3), which a test may also start in `tmp_path`."""
    engine = make_engine(database_url(request, tmp_path, prefix=prefix, sqlite_file=f"{prefix}.sqlite3"))
    if revision is not None:
        migrate.upgrade(engine, revision)
    yield engine
    engine.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database down to `revision` ("base": before the first migration)."""
    with engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
