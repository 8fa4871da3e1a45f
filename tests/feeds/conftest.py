"""Feed, upload and reminder fixtures: the web app of tests/web, databases of tests/db, parsers."""

from __future__ import annotations

import re

import pytest

from tests.support.fixtures import db_engine, postgres_server  # noqa: F401
from tests.web.conftest import app, client, migrated_sqlite, other_client  # noqa: F401
from travelprep.calendar.builder import SERIALIZED_TRIPS


@pytest.fixture(autouse=True)
def cold_cache():
    """Each test serializes events from scratch, so none passes on another's cached bytes."""
    SERIALIZED_TRIPS.clear()


def feed_path(browser) -> str:
    """The signed-in user's feed path, as the profile page shows it."""
    page = browser.get("/profile")
    assert page.status_code == 200, page.text
    url = re.search(r'value="(https?://[^"]+/calendar/[^"]+\.ics)"', page.text).group(1)
    return "/calendar/" + url.split("/calendar/", 1)[1]


def desk_feed_path(browser) -> str:
    """The signed-in desk staff member's loaner feed path, as the profile page shows it."""
    page = browser.get("/profile")
    assert page.status_code == 200, page.text
    url = re.search(r'value="(https?://[^"]+/loaner/calendar/[^"]+\.ics)"', page.text).group(1)
    return "/loaner/calendar/" + url.split("/loaner/calendar/", 1)[1]
