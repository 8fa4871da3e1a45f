"""The app on SQLite and on PostgreSQL, with a traveler, a compliance officer and their trips."""

from __future__ import annotations

import pytest

from tests.support.apps import EACH_DATABASE, app_on, signed_in_fixture
from tests.support.fixtures import TODAY, postgres_server  # noqa: F401

# A name that really matches the shipped list, and one that does not.
LISTED = "Harbin Institute of Technology"
UNLISTED = "Nanjing University"


@pytest.fixture(params=EACH_DATABASE)
def app(request, tmp_path, rulebook):
    """The app on a freshly migrated database of each kind, with today pinned."""
    yield from app_on(request, tmp_path, rulebook, today=TODAY, prefix="decisions")


traveler = signed_in_fixture("ada@example.edu", "traveler", "Ada, a traveler, signed in.")
other_traveler = signed_in_fixture("grace@example.edu", "traveler", "Grace, another traveler, signed in.")
officer = signed_in_fixture("officer@example.edu", "compliance", "A Research Compliance officer, signed in.")
