"""The feed's queries on SQLite and PostgreSQL: which trips a feed shows, and their done items."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.fixtures import db_session, itinerary_data  # noqa: F401
from travelprep.accounts import repository as users
from travelprep.calendar import repository as feeds
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.trips import repository as trips

pytestmark = pytest.mark.db
TODAY = date(2026, 11, 21)


def add_trip(session, user, rulebook, departure: str, return_: str):
    data = itinerary_data(departure=departure, **{"return": return_})
    data["legs"] = [{"country": "FR", "city": "Paris", "arrive": departure, "depart": return_}]
    itinerary = parse_itinerary(data)
    return trips.create(
        session, user=user, itinerary=itinerary, checklist=generate_checklist(itinerary, rulebook, TODAY)
    )


def test_feed_shows_upcoming_recent_and_recently_cancelled_trips(db_session, rulebook):  # noqa: F811
    user = users.get_or_create(db_session, email="ada@example.edu")
    other = users.get_or_create(db_session, email="bob@example.edu")
    upcoming = add_trip(db_session, user, rulebook, "2027-03-09", "2027-03-20")
    back_lately = add_trip(db_session, user, rulebook, "2026-11-01", "2026-11-10")
    long_ago = add_trip(db_session, user, rulebook, "2026-06-01", "2026-06-10")
    cancelled_now = add_trip(db_session, user, rulebook, "2027-04-01", "2027-04-05")
    cancelled_long_ago = add_trip(db_session, user, rulebook, "2027-05-01", "2027-05-05")
    add_trip(db_session, other, rulebook, "2027-03-09", "2027-03-20")
    trips.cancel(db_session, trip=cancelled_now)
    trips.cancel(db_session, trip=cancelled_long_ago)
    cancelled_long_ago.cancelled_at = datetime.now(UTC) - timedelta(days=40)
    db_session.flush()
    cutoff = datetime.now(UTC) - timedelta(days=30)
    shown = feeds.feed_trips(db_session, user=user, today=TODAY, cancelled_since=cutoff)
    assert [t.id for t in shown] == [back_lately.id, upcoming.id, cancelled_now.id]
    versions = feeds.feed_versions(db_session, user=user, today=TODAY, cancelled_since=cutoff)
    assert versions == [feeds.version_of(t) for t in shown]
    assert long_ago.id not in {v[0] for v in versions}
    assert cancelled_now.calendar_sequence == 1 and upcoming.calendar_sequence == 0


def test_finished_items_are_done_or_not_applicable_and_still_apply(db_session, rulebook):  # noqa: F811
    user = users.get_or_create(db_session, email="ada@example.edu")
    trip = add_trip(db_session, user, rulebook, "2027-03-09", "2027-03-20")
    rows = list(trips.item_statuses(db_session, trip_id=trip.id).values())
    trips.set_item_status(db_session, trip=trip, item_id=rows[0].item_id, status="done", note="", actor=user)
    trips.set_item_status(
        db_session, trip=trip, item_id=rows[1].item_id, status="not_applicable", note="n", actor=user
    )
    rows[2].dropped_at = datetime.now(UTC)
    rows[2].status = "done"
    db_session.flush()
    assert feeds.finished_items(db_session, trip_ids=[trip.id]) == {
        trip.id: frozenset({rows[0].item_id, rows[1].item_id})
    }
    assert feeds.finished_items(db_session, trip_ids=[]) == {}
