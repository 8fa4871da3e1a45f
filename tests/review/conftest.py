"""The app on SQLite and on PostgreSQL, with a traveler, a compliance officer and their trips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import EACH_DATABASE, app_on, signed_in
from tests.support.fixtures import TODAY, postgres_server  # noqa: F401

# A name that really matches the shipped list, and one that does not.
LISTED = "Harbin Institute of Technology"
UNLISTED = "Nanjing University"


@pytest.fixture(params=EACH_DATABASE)
def app(request, tmp_path, rulebook):
    """The app on a freshly migrated database of each kind, with today pinned."""
    yield from app_on(request, tmp_path, rulebook, today=TODAY, prefix="decisions")


@pytest.fixture
def traveler(app) -> Iterator[TestClient]:
    """Ada, a traveler, signed in."""
    yield from signed_in(app, "ada@example.edu", "traveler")


@pytest.fixture
def other_traveler(app) -> Iterator[TestClient]:
    """Grace, another traveler, signed in."""
    yield from signed_in(app, "grace@example.edu", "traveler")


@pytest.fixture
def officer(app) -> Iterator[TestClient]:
    """A Research Compliance officer, signed in."""
    yield from signed_in(app, "officer@example.edu", "compliance")
