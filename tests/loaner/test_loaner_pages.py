"""The loaner pages: the traveler's request from a trip, the desk's request page and buttons."""

import re

import pytest

from tests.support.web import create_trip, sign_in

pytestmark = pytest.mark.web


def _request_from_trip(client) -> tuple[int, int]:
    trip_id = create_trip(client)
    form = client.get(f"/trips/{trip_id}/loaner")
    assert form.status_code == 200
    # Departs Tue 2027-03-09: pickup Fri 03-05. Back Sat 03-20: return Wed 03-24.
    assert 'name="pickup_date" type="date" value="2027-03-05"' in form.text
    assert 'name="return_date" type="date" value="2027-03-24"' in form.text
    assert re.search(r'id="kind-laptop" name="kinds" value="laptop" checked', form.text)
    assert re.search(r'id="kind-phone" name="kinds" value="phone" checked', form.text)
    assert not re.search(r'id="kind-tablet" name="kinds" value="tablet" checked', form.text)
    response = client.post(
        f"/trips/{trip_id}/loaner",
        data={"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24", "note": "a Mac"},
    )
    assert response.status_code == 303, response.text
    page = client.get(f"/trips/{trip_id}").text
    request_id = int(re.search(r'href="/loaner/requests/(\d+)"', page).group(1))
    return trip_id, request_id


def test_a_traveler_requests_a_loaner_from_the_trip_and_sees_its_status(client):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    item = page[page.index('id="item-loaner-device"') :]
    assert f'href="/trips/{trip_id}/loaner"' in item[: item.index('<li class="item')]
    trip_id, request_id = _request_from_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    assert page.count(f"Request {request_id}</a>") == 2  # near the top, and in the loaner item
    assert "Requested</span>" in page
    assert f'href="/trips/{trip_id}/loaner"' not in page  # one open request is enough
    mine = client.get(f"/loaner/requests/{request_id}")
    assert mine.status_code == 200 and "a Mac" in mine.text and "Cancel request" in mine.text
    assert ">Approve</button>" not in mine.text and "Assign a device" not in mine.text


def test_the_form_shows_errors_next_to_the_fields_and_keeps_what_was_typed(client):
    sign_in(client)
    trip_id = create_trip(client)
    response = client.post(
        f"/trips/{trip_id}/loaner",
        data={"pickup_date": "2027-03-20", "return_date": "2027-03-01", "note": "x<b>"},
    )
    assert response.status_code == 400
    assert "Choose at least one kind of device." in response.text
    assert "The return date must be on or after the pickup date." in response.text
    assert 'value="2027-03-20"' in response.text and "x&lt;b&gt;" in response.text
    bad_date = client.post(f"/trips/{trip_id}/loaner", data={"kinds": "laptop", "pickup_date": "soon"})
    assert bad_date.status_code == 400 and "Enter a date as YYYY-MM-DD." in bad_date.text


def test_no_loaner_form_for_a_trip_that_does_not_call_for_one(client):
    sign_in(client)
    trip_id = create_trip(client, **{"carrying.devices": ["none"]})
    assert 'loaner"' not in client.get(f"/trips/{trip_id}").text.split("<main")[1].split("Checklist order")[0]
    assert client.get(f"/trips/{trip_id}/loaner").status_code == 404


def test_another_traveler_gets_404_everywhere(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id, request_id = _request_from_trip(client)
    sign_in(other_client, "eve@example.edu")
    assert other_client.get(f"/trips/{trip_id}/loaner").status_code == 404
    assert other_client.post(f"/trips/{trip_id}/loaner", data={"kinds": "laptop"}).status_code == 404
    assert other_client.get(f"/loaner/requests/{request_id}").status_code == 404
    assert (
        other_client.post(f"/loaner/requests/{request_id}/transition", data={"to": "cancelled"}).status_code
        == 404
    )
    assert (
        other_client.post(f"/loaner/requests/{request_id}/assign", data={"device_id": "1"}).status_code == 404
    )
    assert "Requested" in client.get(f"/loaner/requests/{request_id}").text  # unchanged
    assert f"Request {request_id}<" in client.get("/loaner/requests").text
    assert f"Request {request_id}<" not in other_client.get("/loaner/requests").text


def test_a_traveler_cannot_approve_or_assign_their_own_request(client):
    sign_in(client, "ada@example.edu")
    _, request_id = _request_from_trip(client)
    assert (
        client.post(f"/loaner/requests/{request_id}/transition", data={"to": "approved"}).status_code == 403
    )
    assert client.post(f"/loaner/requests/{request_id}/assign", data={"device_id": "1"}).status_code == 403
    cancelled = client.post(
        f"/loaner/requests/{request_id}/transition", data={"to": "cancelled", "note": "trip off"}
    )
    assert cancelled.status_code == 303
    assert "Cancelled" in client.get(f"/loaner/requests/{request_id}").text


STAFF_PAGES = ["/loaner", "/loaner/queue", "/loaner/devices", "/loaner/devices/new", "/loaner/devices.csv",
               "/loaner/calendar.ics"]  # fmt: skip
STAFF_POSTS = [
    ("/loaner/devices/new", {"asset_tag": "X", "kind": "laptop"}),
    ("/loaner/devices/1/retire", {}),
    ("/loaner/devices/1/edit", {"asset_tag": "X", "kind": "laptop"}),
]


@pytest.mark.parametrize("role", ["traveler", "compliance"])
def test_desk_pages_are_403_for_everyone_but_the_desk(client, role):
    sign_in(client, "someone@example.edu", role)
    for path in STAFF_PAGES:
        assert client.get(path).status_code == 403, path
    for path, data in STAFF_POSTS:
        assert client.post(path, data=data).status_code == 403, path
    assert (
        client.post(
            "/loaner/devices/import", files={"file": ("a.csv", b"Asset Tag,Category\nA,Laptops\n")}
        ).status_code
        == 403
    )


def test_the_desk_assigns_and_moves_a_request_with_the_buttons(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id, request_id = _request_from_trip(client)
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    assert (
        other_client.post("/loaner/devices/new", data={"asset_tag": "LT-7", "kind": "laptop"}).status_code
        == 303
    )
    page = other_client.get(f"/loaner/requests/{request_id}").text
    device_id = re.search(r'<option value="(\d+)">LT-7', page).group(1)
    for label in ("Approve", "Decline", "Cancel request"):
        assert f">{label}</button>" in page
    assert ">Mark picked up</button>" not in page  # only legal transitions are offered
    illegal = other_client.post(f"/loaner/requests/{request_id}/transition", data={"to": "picked_up"})
    assert illegal.status_code == 409 and "cannot go from requested to picked up" in illegal.text
    assert (
        other_client.post(f"/loaner/requests/{request_id}/assign", data={"device_id": device_id}).status_code
        == 303
    )
    for state in ("approved", "ready"):
        moved = other_client.post(
            f"/loaner/requests/{request_id}/transition", data={"to": state, "note": "ok"}
        )
        assert moved.status_code == 303
    # The pickup is on 2027-03-05, months after today: the page asks first and changes nothing.
    asked = other_client.post(
        f"/loaner/requests/{request_id}/transition", data={"to": "picked_up", "note": "ok"}
    )
    assert asked.status_code == 200 and "Mark picked up 104 days early?" in asked.text
    assert 'name="early" value="confirmed"' in asked.text and 'name="note" value="ok"' in asked.text
    assert "Ready for pickup</span>" in other_client.get(f"/loaner/requests/{request_id}").text
    moved = other_client.post(
        f"/loaner/requests/{request_id}/transition",
        data={"to": "picked_up", "note": "ok", "early": "confirmed"},
    )
    assert moved.status_code == 303
    page = other_client.get(f"/loaner/requests/{request_id}").text
    assert "LT-7 (laptop) reserved 2027-03-05 to 2027-03-26" in page
    assert ">Mark returned</button>" in page and ">Approve</button>" not in page
    assert "Picked up</span>" in client.get(f"/trips/{trip_id}").text

    # A second request over the same days cannot have LT-7: it is not offered, and forcing it is a 409.
    other = client.post(
        f"/trips/{trip_id}/loaner",
        data={"kinds": "laptop", "pickup_date": "2027-03-26", "return_date": "2027-03-30"},
    )
    assert other.status_code == 303
    second = max(
        int(x) for x in re.findall(r'href="/loaner/requests/(\d+)"', client.get(f"/trips/{trip_id}").text)
    )
    assert "No laptop is free for the whole period." in other_client.get(f"/loaner/requests/{second}").text
    forced = other_client.post(f"/loaner/requests/{second}/assign", data={"device_id": device_id})
    assert forced.status_code == 409
    assert f"(reservation 1, loaner request {request_id})" in forced.text


def test_the_dashboard_queue_and_calendar(client, other_client):
    sign_in(client, "ada@example.edu")
    _, request_id = _request_from_trip(client)
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    dashboard = other_client.get("/loaner")
    assert dashboard.status_code == 200
    assert "<svg" in dashboard.text and 'role="img"' in dashboard.text
    queue = other_client.get("/loaner/queue?kind=laptop&unassigned=1")
    assert f'href="/loaner/requests/{request_id}"' in queue.text
    assert f'href="/loaner/requests/{request_id}"' not in other_client.get("/loaner/queue?kind=tablet").text
    assert other_client.get("/loaner/queue?from=soon").status_code == 400
    ics = other_client.get("/loaner/calendar.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    # UIDs and links come from the settings, as in the trip calendars, never from the Host header.
    assert f"UID:loaner-{request_id}-pickup@127.0.0.1" in ics.text
    assert f"http://127.0.0.1:8000/loaner/requests/{request_id}" in ics.text.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20270305" in ics.text


@pytest.mark.parametrize(
    ("path", "data"),
    [("/trips/{trip}/loaner", {"kinds": "laptop", "pickup_date": "2027-03-05", "return_date": "2027-03-24"}),
     ("/loaner/requests/{request}/transition", {"to": "cancelled"}),
     ("/loaner/requests/{request}/assign", {"device_id": "1"}),
     ("/loaner/devices/new", {"asset_tag": "EVIL", "kind": "laptop"}),
     ("/loaner/devices/1/retire", {}),
     ("/loaner/devices/1/edit", {"asset_tag": "EVIL", "kind": "laptop"}),
     ("/loaner/devices/import", {"file": "Asset Tag,Category\nEVIL,Laptops\n"})],
)  # fmt: skip
def test_cross_site_posts_to_loaner_forms_are_refused(app, client, path, data):
    from fastapi.testclient import TestClient

    sign_in(client, "desk@example.edu", "loaner_staff")
    client.post("/loaner/devices/new", data={"asset_tag": "LT-1", "kind": "laptop"})
    trip_id, request_id = _request_from_trip(client)
    attacker = TestClient(app, follow_redirects=False, headers={"Origin": "https://evil.example"})
    attacker.cookies = client.cookies
    url = path.format(trip=trip_id, request=request_id)
    assert attacker.post(url, data=data).status_code == 403
    assert "Requested" in client.get(f"/loaner/requests/{request_id}").text
    assert (
        "EVIL" not in client.get("/loaner/devices").text
        and "Retired" not in client.get("/loaner/devices").text
    )
