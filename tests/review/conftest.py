"""The app on SQLite and on PostgreSQL, with a traveler, a compliance officer and their trips."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY, postgres_server  # noqa: F401
from tests.support.web import ORIGIN, make_settings, sign_in
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app

# A name that really matches the shipped list, and one that does not.
LISTED = "Harbin Institute of Technology"
UNLISTED = "Nanjing University"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.db)])
def app(request, tmp_path, rulebook):
    """The app on a freshly migrated database of each kind, with today pinned."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'travelprep.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"decisions_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    application = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    application.state.clock = lambda: TODAY
    yield application
    application.state.engine.dispose()


def _signed_in(app, email: str, role: str) -> Iterator[TestClient]:
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as client:
        sign_in(client, email, role)
        yield client


@pytest.fixture
def traveler(app) -> Iterator[TestClient]:
    """Ada, a traveler, signed in."""
    yield from _signed_in(app, "ada@example.edu", "traveler")


@pytest.fixture
def other_traveler(app) -> Iterator[TestClient]:
    """Grace, another traveler, signed in."""
    yield from _signed_in(app, "grace@example.edu", "traveler")


@pytest.fixture
def officer(app) -> Iterator[TestClient]:
    """A Research Compliance officer, signed in."""
    yield from _signed_in(app, "officer@example.edu", "compliance")
