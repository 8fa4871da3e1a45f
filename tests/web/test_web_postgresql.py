"""The whole traveler and compliance flow through the app on PostgreSQL, not only SQLite."""

import re
import uuid

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY, itinerary_data, postgres_server  # noqa: F401
from tests.support.web import ORIGIN, api_token, create_trip, form_data, make_settings, sign_in
from travelprep.db import migrate
from travelprep.db.engine import make_engine
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
