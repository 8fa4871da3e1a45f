"""Loaner tests: the shared database fixtures, and fresh committed databases for concurrency."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.feeds.test_reminders import smtp  # noqa: F401 - a loopback SMTP server
from tests.support.apps import app_on
from tests.support.databases import migrated_engine
from tests.support.fixtures import TODAY, db_engine, db_session, postgres_server  # noqa: F401
from tests.web.conftest import app, client, migrated_sqlite, other_client  # noqa: F401


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request, tmp_path) -> Iterator[Engine]:
    """An empty migrated database of each kind whose commits are real (for concurrent writers)."""
    yield from migrated_engine(request, tmp_path, prefix="loaner")


@pytest.fixture(params=["sqlite", "postgresql"])
def app_on_each_db(request, tmp_path, rulebook):
    """The app on a fresh database of each kind, with today pinned to TODAY."""
    yield from app_on(request, tmp_path, rulebook, today=TODAY, prefix="app")
