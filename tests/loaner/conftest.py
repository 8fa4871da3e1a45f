"""Loaner tests: the shared database fixtures, and fresh committed databases for concurrency."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.feeds.test_reminders import smtp  # noqa: F401 - a loopback SMTP server
from tests.support.fixtures import db_engine, db_session, postgres_server  # noqa: F401
from tests.web.conftest import app, client, migrated_sqlite, other_client  # noqa: F401
from travelprep.db import migrate
from travelprep.db.engine import make_engine


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
