"""The trip page's rendered-page cache: what a view costs, and that every change shows at once."""

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from tests.support.web import (
    ORIGIN,
    create_trip,
    finished,
    form_data,
    make_settings,
    sign_in,
    statements_run,
    tickable_items,
)
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.errors import SignInRequired
from travelprep.trips.service import visible_page_state
from travelprep.web.app import create_app

pytestmark = pytest.mark.web


def test_a_page_seen_before_costs_one_query_for_the_user_and_its_state(client):
    sign_in(client)
    trip_id = create_trip(client)
    first = client.get(f"/trips/{trip_id}").text
    with statements_run() as statements:
        again = client.get(f"/trips/{trip_id}").text
    assert again == first
    assert len(statements) == 1, statements
    assert "FROM users" in statements[0] and "UNION ALL" in statements[0]


def test_every_change_shows_on_the_next_view(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    first, second = tickable_items(page)[:2]
    assert finished(page).startswith("0 of")

    client.post(f"/trips/{trip_id}/items/{first}", data={"status": "done"})
    assert finished(client.get(f"/trips/{trip_id}").text).startswith("1 of")
    client.post(f"/trips/{trip_id}/items/{second}", data={"status": "not_applicable", "note": "own phone"})
    assert "Your note: own phone" in client.get(f"/trips/{trip_id}").text
    client.post(f"/trips/{trip_id}/items/{second}", data={"status": "not_applicable", "note": "no phone"})
    assert "Your note: no phone" in client.get(f"/trips/{trip_id}").text

    loan = {"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24", "note": ""}
    assert client.post(f"/trips/{trip_id}/loaner", data=loan).status_code == 303
    page = client.get(f"/trips/{trip_id}").text
    request_id = re.search(r'href="/loaner/requests/(\d+)"', page)[1]
    assert "Requested</span>" in page
    client.post(f"/loaner/requests/{request_id}/transition", data={"to": "cancelled", "note": "off"})
    assert "Cancelled</span>" in client.get(f"/trips/{trip_id}").text

    client.post(f"/trips/{trip_id}/edit", data=form_data(leg_count="1"))
    assert "Trip to Shanghai</h1>" in client.get(f"/trips/{trip_id}").text
    client.post(f"/trips/{trip_id}/cancel")
    assert '<span class="badge overdue">Cancelled</span>' in client.get(f"/trips/{trip_id}").text


def test_a_cached_page_is_still_for_its_owner_and_compliance_only(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    assert client.get(f"/trips/{trip_id}").status_code == 200
    sign_in(other_client, "eve@example.edu")
    refused = other_client.get(f"/trips/{trip_id}")
    assert refused.status_code == 404 and "eve@example.edu (traveler)" in refused.text
    sign_in(other_client, "officer@example.edu", "compliance")
    page = other_client.get(f"/trips/{trip_id}").text
    assert "officer@example.edu (compliance)" in page and "Edit itinerary" not in page


def test_a_role_changed_since_signing_in_counts_at_once(app, client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    sign_in(other_client, "officer@example.edu", "compliance")
    assert other_client.get(f"/trips/{trip_id}").status_code == 200
    with make_session_factory(app.state.engine)() as session:
        officer = users.get_by_email(session, email="officer@example.edu")
        officer.role = "traveler"
        session.commit()
    assert other_client.get(f"/trips/{trip_id}").status_code == 404


def test_a_user_no_longer_stored_is_sent_to_sign_in():
    with pytest.raises(SignInRequired):
        visible_page_state(None, None)


def test_behind_the_trusted_proxy_its_header_names_the_viewer(tmp_path, migrated_sqlite, rulebook):
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(tmp_path, auth_mode="proxy", trusted_proxies=["testclient"])
    app = create_app(settings, rulebook=rulebook)
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as proxied:
        ada, eve = {"REMOTE_USER": "ada@example.edu"}, {"REMOTE_USER": "eve@example.edu"}
        response = proxied.post("/trips/new", data=form_data(), headers=ada)
        path = response.headers["location"]
        for _ in range(2):  # rendered, then from the cache
            assert "ada@example.edu (traveler)" in proxied.get(path, headers=ada).text
        proxied.cookies.clear()
        assert proxied.get(path, headers=eve).status_code == 404
    app.state.engine.dispose()
