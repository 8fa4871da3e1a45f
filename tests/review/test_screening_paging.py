"""The screening review lists every upcoming trip with open hits, page by page, past the old cap."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.review.conftest import LISTED
from tests.review.helpers import trip_with
from tests.support import bulk
from tests.support.fixtures import TODAY
from tests.web.test_staff_paging import NEXT
from travelprep.db.engine import make_session_factory
from travelprep.db.models import Trip
from travelprep.review.rescreen import rescreen


def test_upcoming_hits_are_all_listed_once_however_many_past_trips_name_institutions(
    app, traveler, officer, rulebook
):
    saved = trip_with(traveler, LISTED)
    with make_session_factory(app.state.engine)() as session:
        itinerary = session.scalar(select(Trip.itinerary).where(Trip.id == saved))
        bulk.trips(session, count=2100, first=date(2025, 1, 1), itinerary=itinerary)  # over: not listed
        upcoming = bulk.trips(session, count=120, first=date(2027, 1, 1), itinerary=itinerary)
        bulk.trips(session, count=300, first=date(2027, 1, 1))  # no institutions: nothing to screen
        session.commit()
    # Rows written behind the services' back get their hits stored by a re-screening pass.
    factory = make_session_factory(app.state.engine)
    summary = rescreen(factory, rulebook=rulebook, today=TODAY, trigger="test", fingerprint="test")
    assert (summary.screened, summary.changed) == (121, 120)  # the saved trip's hit was stored at save
    url, listed, pages = "/staff/screening", [], 0
    while url:
        page = officer.get(url)
        assert page.status_code == 200
        pages += 1
        listed += re.findall(r'href="/trips/(\d+)/screening"', page.text)
        found = NEXT.search(page.text)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert pages == 3
    assert sorted(map(int, listed)) == sorted([saved, *upcoming])
    first = officer.get("/staff/screening").text
    assert "121 trips to review; 50 on this page" in first
