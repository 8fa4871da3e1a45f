"""Route tests: the real app on a fresh migrated SQLite file per test, CSRF enforced."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY
from tests.support.web import ORIGIN, make_settings
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite file to copy for each test (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_sqlite, rulebook):
    """The app on its own database, with today pinned to TODAY."""
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    application = create_app(make_settings(tmp_path), rulebook=rulebook)
    application.state.clock = lambda: TODAY
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """A browser-like client: it sends Origin like a browser does on POST."""
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def other_client(app) -> Iterator[TestClient]:
    """A second browser, for a second signed-in user."""
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as test_client:
        yield test_client
