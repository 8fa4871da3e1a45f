"""The whole traveler and compliance flow through the app on PostgreSQL, not only SQLite."""

import re
import uuid

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY, itinerary_data, postgres_server  # noqa: F401
from tests.support.web import (
    ORIGIN,
    api_token,
    create_trip,
    finished,
    form_data,
    make_settings,
    sign_in,
    statements_run,
    tickable_items,
)
from travelprep.accounts import repository as users
from travelprep.db import migrate
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.db.models import Trip
from travelprep.trips import pages as trip_pages
from travelprep.trips import repository as trips
from travelprep.web.app import create_app

pytestmark = [pytest.mark.web, pytest.mark.db]


@pytest.fixture
def pg_app(tmp_path, postgres_server, rulebook):  # noqa: F811
    url = postgres_server.create_database(f"web_{uuid.uuid4().hex[:12]}")
    migrate.upgrade(make_engine(url))
    app = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    app.state.clock = lambda: TODAY
    yield app
    app.state.engine.dispose()


def test_traveler_and_compliance_flow_on_postgresql(pg_app):
    traveler = TestClient(pg_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(traveler)
    trip_id = create_trip(traveler)
    page = traveler.get(f"/trips/{trip_id}").text
    item = re.findall(r'action="/trips/\d+/items/([\w-]+)"', page)[0]
    traveler.post(f"/trips/{trip_id}/items/{item}", data={"status": "done"})
    edited = traveler.post(f"/trips/{trip_id}/edit", data=form_data(leg_count="1"))
    assert edited.status_code == 303
    assert "1 of" in traveler.get(f"/trips/{trip_id}").text
    assert traveler.get("/trips").status_code == 200

    officer = TestClient(pg_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(officer, "officer@example.edu", "compliance")
    assert "1 trip<" in officer.get("/staff/trips?country=CN&risk=yes").text
    assert "Shanghai" in officer.get("/staff/abroad?country=CN&day=2027-03-12").text
    assert "Ada Lovelace" in officer.get("/staff/trips.csv").text

    api = TestClient(pg_app, headers={"Authorization": f"Bearer {api_token(pg_app)}"})
    created = api.post("/api/v1/trips", json=itinerary_data())
    assert created.status_code == 201
    assert api.patch(
        f"/api/v1/trips/{created.json()['id']}/items/{item}", json={"status": "done"}
    ).status_code in (200, 404)
    assert api.delete(f"/api/v1/trips/{created.json()['id']}").json()["status"] == "cancelled"


def test_a_trip_page_seen_before_costs_one_query_on_postgresql(pg_app):
    traveler = TestClient(pg_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(traveler)
    trip_id = create_trip(traveler)
    first = traveler.get(f"/trips/{trip_id}").text
    with statements_run() as statements:
        assert traveler.get(f"/trips/{trip_id}").text == first
    assert len(statements) == 1, statements


def test_a_change_made_while_the_trip_page_renders_is_not_served_later(pg_app, monkeypatch):
    # Read-only requests on PostgreSQL run each query on its own (autocommit), so a change can
    # land between reading the page's state and loading its rows; on SQLite one snapshot holds.
    traveler = TestClient(pg_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(traveler)
    trip_id = create_trip(traveler)
    item = tickable_items(traveler.get(f"/trips/{trip_id}?order=due").text)[0]
    load_rows = trip_pages.page_rows

    def tick_then_load(session, **kwargs):
        with make_session_factory(pg_app.state.engine)() as other:
            trip = other.get(Trip, trip_id)
            owner = users.get(other, user_id=trip.user_id)
            trips.set_item_status(other, trip=trip, item_id=item, status="done", note="", actor=owner)
            other.commit()
        return load_rows(session, **kwargs)

    monkeypatch.setattr(trip_pages, "page_rows", tick_then_load)
    assert finished(traveler.get(f"/trips/{trip_id}").text).startswith("1 of")
    monkeypatch.setattr(trip_pages, "page_rows", load_rows)
    # Open again: the state is the one the view above read first; its page shows the item open.
    traveler.post(f"/trips/{trip_id}/items/{item}", data={"status": "open"})
    assert finished(traveler.get(f"/trips/{trip_id}").text).startswith("0 of")
