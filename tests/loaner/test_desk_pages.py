"""The desk's pages as the desk uses them: the trip behind a request, one name per state, retire and undo."""

import re

import pytest

from tests.support.web import create_trip, sign_in

pytestmark = pytest.mark.web


def _request(client, **trip_changes) -> tuple[int, int]:
    trip_id = create_trip(client, **trip_changes)
    answer = client.post(
        f"/trips/{trip_id}/loaner",
        data={"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24"},
    )
    assert answer.status_code == 303, answer.text
    page = client.get(f"/trips/{trip_id}").text
    return trip_id, int(re.search(r'href="/loaner/requests/(\d+)"', page).group(1))


def test_the_desk_sees_the_trips_destinations_and_dates_not_a_link_it_cannot_open(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id, request_id = _request(
        client, **{"legs[1].country": "Ukraine", "legs[1].region": "UA-43", "legs[1].city": "<b>Yalta</b>"}
    )
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    page = other_client.get(f"/loaner/requests/{request_id}").text
    assert "2027-03-09 to 2027-03-20" in page
    assert "Shanghai, China: 2027-03-10 to 2027-03-15" in page
    assert "&lt;b&gt;Yalta&lt;/b&gt;, Crimea, Ukraine: 2027-03-15 to 2027-03-19" in page
    assert f'href="/trips/{trip_id}"' not in page
    assert other_client.get(f"/trips/{trip_id}").status_code == 404  # why the link had to go
    own = client.get(f"/loaner/requests/{request_id}").text
    assert f'href="/trips/{trip_id}">Open the trip</a>' in own and "Crimea, Ukraine" in own


def test_a_state_reads_the_same_on_the_trip_page_and_the_request_page(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id, request_id = _request(client)
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    assert (
        other_client.post("/loaner/devices/new", data={"asset_tag": "LT-9", "kind": "laptop"}).status_code
        == 303
    )
    device = re.search(
        r'<option value="(\d+)">LT-9', other_client.get(f"/loaner/requests/{request_id}").text
    )[1]
    assert (
        other_client.post(f"/loaner/requests/{request_id}/assign", data={"device_id": device}).status_code
        == 303
    )
    steps = ("approved", "ready", "picked_up", "returned", "quarantined")
    for state in steps:
        data = {"to": state, "early": "confirmed"}
        assert other_client.post(f"/loaner/requests/{request_id}/transition", data=data).status_code == 303
    assert "In quarantine</span>" in other_client.get(f"/loaner/requests/{request_id}").text
    assert "In quarantine</span>" in client.get(f"/trips/{trip_id}").text
    assert "In quarantine</span>" in client.get(f"/loaner/requests/{request_id}").text


def test_retiring_asks_first_and_can_be_undone(client):
    sign_in(client, "desk@example.edu", "loaner_staff")
    assert client.post("/loaner/devices/new", data={"asset_tag": "PH-3", "kind": "phone"}).status_code == 303
    listing = client.get("/loaner/devices").text
    assert 'href="/loaner/devices/1/retire"' in listing and 'action="/loaner/devices/1/retire"' not in listing
    asked = client.get("/loaner/devices/1/retire")
    assert asked.status_code == 200 and "Retire PH-3?" in asked.text and "Keep it in service" in asked.text
    assert "In service" in client.get("/loaner/devices").text  # asking changed nothing
    retired = client.post("/loaner/devices/1/retire")
    assert retired.status_code == 303 and retired.headers["location"] == "/loaner/devices?retired=1"
    notice = client.get("/loaner/devices?retired=1").text
    assert "PH-3 is retired." in notice and 'action="/loaner/devices/1/reinstate"' in notice
    assert client.post("/loaner/devices/1/reinstate").status_code == 303
    back = client.get("/loaner/devices?retired=1").text
    assert "PH-3 is retired." not in back and "In service" in back
    assert client.get("/loaner/devices/99/retire").status_code == 404
    assert client.post("/loaner/devices/99/reinstate").status_code == 404


def test_travelers_cannot_retire_or_reinstate(client):
    sign_in(client, "ada@example.edu")
    assert client.get("/loaner/devices/1/retire").status_code == 403
    assert client.post("/loaner/devices/1/reinstate").status_code == 403
