"""The app on SQLite (and PostgreSQL where marked), with today pinned, for the visit routes."""

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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.db)])
def app(request, tmp_path, rulebook):
    """The app on a freshly migrated database of each kind, with today pinned."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'travelprep.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"visits_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    application = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    application.state.clock = lambda: TODAY
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """A browser that is not signed in (it sends Origin on POST, as browsers do)."""
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as test_client:
        yield test_client


def signed_in(app, email: str, role: str) -> Iterator[TestClient]:
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as test_client:
        sign_in(test_client, email, role)
        yield test_client


@pytest.fixture
def host(app) -> Iterator[TestClient]:
    """Ada, a traveller who hosts visitors, signed in."""
    yield from signed_in(app, "ada@example.edu", "traveler")


@pytest.fixture
def other_host(app) -> Iterator[TestClient]:
    """Grace, another traveller, signed in."""
    yield from signed_in(app, "grace@example.edu", "traveler")


@pytest.fixture
def officer(app) -> Iterator[TestClient]:
    """A Research Compliance officer, signed in."""
    yield from signed_in(app, "officer@example.edu", "compliance")


@pytest.fixture
def admin(app) -> Iterator[TestClient]:
    """An admin, signed in."""
    yield from signed_in(app, "root@example.edu", "admin")


@pytest.fixture
def desk(app) -> Iterator[TestClient]:
    """The loaner desk, signed in: staff, but not Research Compliance."""
    yield from signed_in(app, "desk@example.edu", "loaner_staff")
