"""Loaner tests: the shared database fixtures, and fresh committed databases for concurrency."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.feeds.test_reminders import smtp  # noqa: F401 - a loopback SMTP server
from tests.support.fixtures import TODAY, db_engine, db_session, postgres_server  # noqa: F401
from tests.support.web import make_settings
from tests.web.conftest import app, client, migrated_sqlite, other_client  # noqa: F401
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request, tmp_path) -> Iterator[Engine]:
    """An empty migrated database of each kind whose commits are real (for concurrent writers)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"loaner_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def app_on_each_db(request, tmp_path, rulebook):
    """The app on a fresh database of each kind, with today pinned to TODAY."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"app_{uuid.uuid4().hex[:12]}")
    migrate.upgrade(make_engine(url))
    application = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    application.state.clock = lambda: TODAY
    yield application
    application.state.engine.dispose()
