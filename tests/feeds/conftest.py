"""Feed, upload and reminder fixtures: the web app of tests/web, databases of tests/db, parsers."""

from __future__ import annotations

import re

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.support.fixtures import db_engine, postgres_server  # noqa: F401
from tests.web.conftest import app, client, migrated_sqlite, other_client  # noqa: F401
from travelprep.calendar.builder import SERIALIZED_TRIPS


@pytest.fixture(autouse=True)
def cold_cache():
    """Each test serializes events from scratch, so none passes on another's cached bytes."""
    SERIALIZED_TRIPS.clear()


def parse_both(data: bytes):
    """The calendar as icalendar reads it and as the strict `ical` package reads it."""
    lenient = icalendar.Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return lenient, strict


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def feed_path(browser) -> str:
    """The signed-in user's feed path, as the profile page shows it."""
    page = browser.get("/profile")
    assert page.status_code == 200, page.text
    url = re.search(r'value="(https?://[^"]+/calendar/[^"]+\.ics)"', page.text).group(1)
    return "/calendar/" + url.split("/calendar/", 1)[1]
