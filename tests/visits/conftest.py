"""The app on SQLite (and PostgreSQL where marked), with today pinned, for the visit routes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import EACH_DATABASE, app_on, signed_in
from tests.support.fixtures import TODAY, postgres_server  # noqa: F401
from tests.support.web import ORIGIN


@pytest.fixture(params=EACH_DATABASE)
def app(request, tmp_path, rulebook):
    """The app on a freshly migrated database of each kind, with today pinned."""
    yield from app_on(request, tmp_path, rulebook, today=TODAY, prefix="visits")


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """A browser that is not signed in (it sends Origin on POST, as browsers do)."""
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as test_client:
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
