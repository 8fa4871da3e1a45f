"""Signing out ends the session: a saved cookie stops working, and so does one from before a role change."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.web import ORIGIN, create_trip, sign_in
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory

pytestmark = pytest.mark.web
COOKIE = "travelprep_session"


def _with_cookie(app, cookie: str) -> TestClient:
    client = TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False)
    client.cookies.set(COOKIE, cookie)
    return client


def test_a_cookie_saved_before_signing_out_no_longer_signs_in(app, client):
    sign_in(client)
    trip_id = create_trip(client)
    saved = client.cookies.get(COOKIE)
    assert client.post("/signout").status_code == 303
    with _with_cookie(app, saved) as thief:
        assert thief.get("/trips").status_code == 303  # to sign in
        assert thief.get(f"/trips/{trip_id}").status_code == 303  # the trip page's own path too


def test_signing_out_ends_the_users_other_sessions_too(app, client, other_client):
    sign_in(client)
    sign_in(other_client)  # the same person on a second device
    client.post("/signout")
    assert other_client.get("/trips").status_code == 303


def test_a_role_change_ends_the_sessions_issued_before_it(app, client):
    sign_in(client, "officer@example.edu", "compliance")
    assert client.get("/staff/trips").status_code == 200
    with make_session_factory(app.state.engine)() as session:
        users.get_or_create(session, email="officer@example.edu", role="traveler")
        session.commit()
    assert client.get("/staff/trips").status_code == 303  # signed out, not still staff


def test_signing_in_again_works(client):
    sign_in(client)
    client.post("/signout")
    sign_in(client)
    assert client.get("/trips").status_code == 200
