"""No staff list silently caps: every row is reached page by page, once, and in the export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from tests.support import bulk
from tests.support.web import sign_in
from travelprep.db.engine import make_session_factory

pytestmark = pytest.mark.web
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')


@pytest.fixture
def officer(client):
    sign_in(client, "officer@example.edu", "compliance")
    return client


def seed(app, fill, **kwargs) -> None:
    with make_session_factory(app.state.engine)() as session:
        fill(session, **kwargs)
        session.commit()


def walk(client, url: str) -> tuple[list[str], list[str]]:
    """Follow "Next page" from `url` to the end: each page's text, and the trip ids listed."""
    pages, ids = [], []
    while url:
        page = client.get(url)
        assert page.status_code == 200
        pages.append(page.text)
        ids += re.findall(r'href="/trips/(\d+)(?:/screening)?"', page.text)
        found = NEXT.search(page.text)
        url = found.group(1).replace("&amp;", "&") if found else ""
    return pages, ids


def test_all_trips_pages_reach_every_trip_once_beyond_the_old_cap(app, officer):
    seed(app, bulk.trips, count=1030, first=date(2027, 1, 1))
    seed(app, bulk.trips, count=20, first=date(2025, 1, 1))  # over before today: not shown first
    pages, ids = walk(officer, "/staff/trips")
    assert "1,030 trips (50 on this page)" in pages[0]
    assert len(pages) == 21 and all(len(set(re.findall(r"/trips/(\d+)", p))) <= 50 for p in pages)
    assert len(ids) == 1030 and len(set(ids)) == 1030


def test_paging_is_stable_when_trips_are_added_before_the_cursor(app, officer):
    seed(app, bulk.trips, count=120, first=date(2027, 3, 1))
    first = officer.get("/staff/trips")
    seen = re.findall(r'href="/trips/(\d+)"', first.text)
    seed(app, bulk.trips, count=30, first=date(2027, 1, 1))  # all leave before the first page's end
    _, rest = walk(officer, NEXT.search(first.text).group(1).replace("&amp;", "&"))
    assert len(seen) + len(rest) == 120 and not set(seen) & set(rest)


def test_csv_streams_every_matching_trip(app, officer):
    seed(app, bulk.trips, count=1205, first=date(2027, 1, 1))
    seed(app, bulk.trips, count=10, first=date(2027, 1, 1), country="JP")
    rows = list(csv.reader(io.StringIO(officer.get("/staff/trips.csv?country=FR").text)))
    assert rows[0][0] == "trip" and len(rows) == 1 + 1205
    assert len({row[0] for row in rows[1:]}) == 1205


def test_csv_link_keeps_the_default_upcoming_filter(app, officer):
    seed(app, bulk.trips, count=3, first=date(2025, 1, 1))
    seed(app, bulk.trips, count=2, first=date(2027, 1, 1))
    page = officer.get("/staff/trips").text
    link = re.search(r'href="(/staff/trips\.csv\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert len(officer.get(link).text.strip().splitlines()) == 1 + 2
    assert len(officer.get("/staff/trips.csv?start=").text.strip().splitlines()) == 1 + 5


def test_who_is_abroad_anywhere_pages_every_traveler(app, officer):
    seed(app, bulk.trips, count=1000, first=date(2027, 5, 1))  # 4 stays a cycle cover day 3: 68 in all
    _, ids = walk(officer, "/staff/abroad?day=2027-05-04")
    expected = sum(1 for n in range(1000) if 0 <= 3 - n % 60 <= 5)
    assert len(ids) == expected == len(set(ids)) > 50
    assert f"{expected} travelers abroad" in officer.get("/staff/abroad?day=2027-05-04").text
