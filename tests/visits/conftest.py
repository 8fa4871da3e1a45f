"""The app on SQLite (and PostgreSQL where marked), with today pinned, for the visit routes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import EACH_DATABASE, app_on, signed_in_fixture
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


host = signed_in_fixture("ada@example.edu", "traveler", "Ada, a traveller who hosts visitors, signed in.")
other_host = signed_in_fixture("grace@example.edu", "traveler", "Grace, another traveller, signed in.")
officer = signed_in_fixture("officer@example.edu", "compliance", "A Research Compliance officer, signed in.")
admin = signed_in_fixture("root@example.edu", "admin", "An admin, signed in.")
desk = signed_in_fixture(
    "desk@example.edu", "loaner_staff", "The loaner desk, signed in: staff, but not Research Compliance."
)
