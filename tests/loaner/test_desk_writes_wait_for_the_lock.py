"""Loaner desk forms and API writes wait for SQLite's write lock held elsewhere, never answer 500.

Like sign-in and saving a trip (tests/web/test_signin_while_a_job_writes.py): a transaction
that read (the signed-in user, the request, the device) and then writes fails at once with
"database is locked" if another writer committed meanwhile; these take the lock first.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token, create_trip, sign_in
from tests.web.test_signin_while_a_job_writes import another_writer

pytestmark = pytest.mark.web
LOAN = {"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24"}


def test_a_traveler_files_a_loaner_request_while_another_connection_holds_the_lock(app, client):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    with another_writer(app):
        filed = client.post(f"/trips/{trip_id}/loaner", data=LOAN | {"note": "a Mac"})
    assert filed.status_code == 303, filed.text
    assert re.search(r'href="/loaner/requests/\d+"', client.get(f"/trips/{trip_id}").text)


def test_the_desk_edits_devices_assigns_and_presses_buttons_while_another_connection_holds_the_lock(
    app, client, other_client
):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    assert client.post(f"/trips/{trip_id}/loaner", data=LOAN).status_code == 303
    request_id = re.search(r'href="/loaner/requests/(\d+)"', client.get(f"/trips/{trip_id}").text).group(1)
    desk = other_client
    sign_in(desk, "desk@example.edu", "loaner_staff")
    url = f"/loaner/requests/{request_id}"
    steps = [
        ("/loaner/devices/new", {"asset_tag": "LT-1", "kind": "laptop"}),
        ("/loaner/devices/1/edit", {"asset_tag": "LT-1", "kind": "laptop", "os": "macOS 15"}),
        (f"{url}/transition", {"to": "approved", "note": "ok"}),
        (f"{url}/assign", {"device_id": "1"}),
        (f"{url}/transition", {"to": "ready"}),
    ]
    for path, form in steps:
        with another_writer(app):
            answer = desk.post(path, data=form)
        assert answer.status_code == 303, (path, answer.status_code, answer.text[:300])
    page = desk.get(url).text
    assert "LT-1" in page and "Ready for pickup" in page
    assert "macOS 15" in desk.get("/loaner/devices").text


def test_api_writes_wait_for_the_lock(app):
    token = api_token(app, "desk@example.edu", "loaner_staff")
    desk = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    with another_writer(app):
        device = desk.post("/api/v1/devices", json={"asset_tag": "LT-9", "kind": "laptop"})
    assert device.status_code == 201, device.text
    with another_writer(app):
        made = desk.post("/api/v1/loaner-requests", json=LOAN | {"requester_email": "ada@example.edu"})
    assert made.status_code == 201, made.text
    with another_writer(app):
        moved = desk.post(f"/api/v1/loaner-requests/{made.json()['id']}/transition", json={"to": "approved"})
    assert moved.status_code == 200 and moved.json()["state"] == "approved"
