"""The data status page for staff, and a running app that picks up newly imported data."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY, itinerary_data
from tests.support.web import ORIGIN, create_trip, make_settings, sign_in
from travelprep.refdata.datastore import DataStore
from travelprep.web.app import create_app

pytestmark = pytest.mark.web

FEED = "https://travel.state.gov/_res/rss/TAsTWs.xml"


def advisories_payload(level: int) -> dict:
    entry = {"level": level, "date": "2026-11-18", "link": FEED, "title": f"France - Level {level}"}
    return {"source": FEED, "levels": {"FR": entry}}


def test_compliance_and_admin_see_every_source_with_its_age(client):
    sign_in(client, "officer@example.edu", "compliance")
    page = client.get("/staff/data")
    assert page.status_code == 200
    for text in (
        "State Department travel advisories",
        "EAR country groups",
        "OFAC",
        "shipped",
        "30 days",
        "Stale",
    ):
        assert text in page.text
    assert 'href="/staff/data"' in client.get("/staff/trips").text
    sign_in(client, "root@example.edu", "admin")
    assert client.get("/staff/data").status_code == 200


def test_other_roles_are_refused_the_data_status_page(client):
    sign_in(client, "ada@example.edu", "traveler")
    assert client.get("/staff/data").status_code == 403
    assert 'href="/staff/data"' not in client.get("/trips").text
    sign_in(client, "desk@example.edu", "loaner_staff")
    assert client.get("/staff/data").status_code == 403


def import_advisories(store: DataStore, as_of: str, *, level: int) -> None:
    """What `travelprep data import advisories` stores: France at `level`."""
    store.write("advisories", as_of=as_of, entries=1, origin="TAsTWs.xml", payload=advisories_payload(level))


@pytest.fixture
def live_app(tmp_path, migrated_sqlite):
    """An app that loads its own rulebook from its data directory and looks for imports every time."""
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    app = create_app(make_settings(tmp_path, data_check_seconds=0))
    app.state.clock = lambda: TODAY
    yield app
    app.state.engine.dispose()


def _france_level(client: TestClient) -> int | None:
    paris = {"country": "FR", "region": None, "city": "Paris", "arrive": "2027-03-10", "depart": "2027-03-19"}
    checklist = client.post("/api/v1/checklists", json=itinerary_data(legs=[paris])).json()
    return checklist["destinations"][0]["advisory_level"]


def test_a_running_app_serves_an_import_and_a_rollback_without_restart(live_app, tmp_path):
    client = TestClient(live_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    store = DataStore(tmp_path)
    shipped = live_app.state.rulebook
    import_advisories(store, "2026-11-18", level=4)
    assert _france_level(client) == 4
    assert live_app.state.rulebook is not shipped
    import_advisories(store, "2026-11-19", level=3)
    assert _france_level(client) == 3
    store.rollback("advisories")
    assert _france_level(client) == 4
    sign_in(client, "officer@example.edu", "compliance")
    assert "imported" in client.get("/staff/data").text


def test_data_that_cannot_be_loaded_keeps_the_old_data_and_fails_readiness(live_app, tmp_path):
    client = TestClient(live_app)
    store = DataStore(tmp_path)
    import_advisories(store, "2026-11-18", level=4)
    assert _france_level(client) == 4
    store.write("advisories", as_of="2026-11-19", entries=1, origin="bad.xml", payload={"levels": "garbage"})
    assert _france_level(client) == 4  # the previous data stays in force
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert "cannot be loaded" in ready.json()["checks"]["data"]
    store.rollback("advisories")
    assert _france_level(client) == 4
    assert client.get("/readyz").status_code == 200


def test_the_data_is_checked_at_most_every_few_seconds(tmp_path, migrated_sqlite, rulebook):
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    app = create_app(make_settings(tmp_path, data_check_seconds=3600), rulebook=rulebook)
    client = TestClient(app)
    DataStore(tmp_path).write(
        "advisories", as_of="2026-11-18", entries=1, origin="f", payload=advisories_payload(4)
    )
    client.post("/api/v1/checklists", json={})
    assert app.state.rulebook is rulebook and app.state.reloader.reloads == 0


def test_metrics_show_the_age_of_newly_imported_data(live_app, tmp_path):
    client = TestClient(live_app)
    assert 'kind="advisories",origin="shipped"' in client.get("/metrics").text
    import_advisories(DataStore(tmp_path), "2026-11-18", level=2)
    text = client.get("/metrics").text
    assert 'travelprep_data_age_days{kind="advisories",origin="imported"' in text
    assert 'kind="advisories",origin="shipped"' not in text


def test_a_trip_page_seen_before_shows_newly_imported_data(live_app, tmp_path):
    client = TestClient(live_app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(client)
    trip_id = create_trip(client, **{"leg_count": "1", "legs[0].country": "France", "legs[0].city": "Paris"})
    before = client.get(f"/trips/{trip_id}").text
    assert client.get(f"/trips/{trip_id}").text == before  # seen before: served again
    import_advisories(DataStore(tmp_path), "2026-11-18", level=4)
    after = client.get(f"/trips/{trip_id}").text
    level_4 = "travel advisory Level 4 for France"  # a reason, not the Level 4 of an item's text
    assert level_4 in after and level_4 not in before
