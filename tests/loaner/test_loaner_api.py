"""The loaner API: devices and requests by bearer token, assignment with 409s, transitions."""

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token, create_trip, sign_in

pytestmark = pytest.mark.web


def _api(app, email, role="traveler") -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {api_token(app, email, role)}"})


@pytest.fixture
def desk(app):
    return _api(app, "desk@example.edu", "loaner_staff")


def _device(desk, tag="LT-1", kind="laptop"):
    response = desk.post("/api/v1/devices", json={"asset_tag": tag, "kind": kind, "model": "X1"})
    assert response.status_code == 201, response.text
    return response.json()


def test_devices_are_for_the_desk_only(app, desk):
    device = _device(desk)
    assert device["asset_tag"] == "LT-1" and device["retired_at"] is None
    assert desk.get("/api/v1/devices").json()[0]["id"] == device["id"]
    assert desk.post("/api/v1/devices", json={"asset_tag": "lt-1", "kind": "phone"}).status_code == 409
    assert desk.post("/api/v1/devices", json={"asset_tag": "X", "kind": "toaster"}).status_code == 422
    blank = desk.post("/api/v1/devices", json={"asset_tag": "  ", "kind": "phone"})
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "asset_tag"
    traveler = _api(app, "ada@example.edu")
    assert traveler.get("/api/v1/devices").status_code == 403
    assert traveler.post("/api/v1/devices", json={"asset_tag": "T", "kind": "laptop"}).status_code == 403
    assert TestClient(app).get("/api/v1/devices").status_code == 401


def test_a_traveler_creates_and_reads_only_their_own_requests(app, client, desk):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)  # departs Tue 2027-03-09, back Sat 2027-03-20
    ada = _api(app, "ada@example.edu")
    created = ada.post("/api/v1/loaner-requests", json={"trip_id": trip_id, "kinds": ["laptop", "phone"]})
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["pickup_date"], body["return_date"]) == ("2027-03-05", "2027-03-24")
    assert body["state"] == "requested" and body["next_states"] == ["cancelled"]
    assert body["requester_email"] == "ada@example.edu"

    eve = _api(app, "eve@example.edu")
    assert eve.get(f"/api/v1/loaner-requests/{body['id']}").status_code == 404
    nothing = eve.get("/api/v1/loaner-requests")
    assert nothing.json() == [] and nothing.headers["X-Total-Count"] == "0" and "Link" not in nothing.headers
    assert (
        eve.post("/api/v1/loaner-requests", json={"trip_id": trip_id, "kinds": ["laptop"]}).status_code == 404
    )
    for_ada = {"requester_email": "ada@example.edu", "kinds": ["laptop"], "pickup_date": "2027-01-04",
               "return_date": "2027-01-08"}  # fmt: skip
    assert eve.post("/api/v1/loaner-requests", json=for_ada).status_code == 403
    assert (
        eve.post(f"/api/v1/loaner-requests/{body['id']}/transition", json={"to": "cancelled"}).status_code
        == 404
    )
    assert eve.post(f"/api/v1/loaner-requests/{body['id']}/assign", json={"device_id": 1}).status_code == 403
    assert [r["id"] for r in ada.get("/api/v1/loaner-requests").json()] == [body["id"]]
    assert [r["id"] for r in desk.get("/api/v1/loaner-requests").json()] == [body["id"]]
    # The desk may file a request for someone by email.
    made = desk.post("/api/v1/loaner-requests", json=for_ada)
    assert made.status_code == 201 and made.json()["requester_email"] == "ada@example.edu"


def test_requests_need_who_and_when(desk):
    assert desk.post("/api/v1/loaner-requests", json={"kinds": ["laptop"]}).status_code == 422
    no_dates = {"requester_email": "a@example.edu", "kinds": ["laptop"]}
    assert desk.post("/api/v1/loaner-requests", json=no_dates).status_code == 422
    backwards = no_dates | {"pickup_date": "2027-01-08", "return_date": "2027-01-04"}
    response = desk.post("/api/v1/loaner-requests", json=backwards)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "return_date", "message": "The return date must be on or after the pickup date."}
    ]


def _request(desk, pickup, back, kinds=("laptop",)):
    body = {
        "requester_email": "ada@example.edu",
        "kinds": list(kinds),
        "pickup_date": pickup,
        "return_date": back,
    }
    response = desk.post("/api/v1/loaner-requests", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_assign_answers_409_naming_the_reservation_in_the_way(desk):
    device = _device(desk)
    first = _request(desk, "2027-01-04", "2027-01-08")  # held to 01-10 with the 2-day buffer
    clash = _request(desk, "2027-01-10", "2027-01-12")
    adjacent = _request(desk, "2027-01-11", "2027-01-12")
    ok = desk.post(f"/api/v1/loaner-requests/{first}/assign", json={"device_id": device["id"]})
    assert ok.status_code == 200, ok.text
    held = ok.json()["devices"][0]
    assert (held["asset_tag"], held["starts"], held["ends"]) == ("LT-1", "2027-01-04", "2027-01-10")
    refused = desk.post(f"/api/v1/loaner-requests/{clash}/assign", json={"device_id": device["id"]})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"LT-1: device {device['id']} is already reserved from 2027-01-04 to 2027-01-10 "
        f"(reservation {held['reservation_id']}, loaner request {first})."
    )
    assert (
        desk.post(f"/api/v1/loaner-requests/{adjacent}/assign", json={"device_id": device["id"]}).status_code
        == 200
    )
    assert desk.post(f"/api/v1/loaner-requests/{clash}/assign", json={"device_id": 999}).status_code == 404


def test_transitions_follow_the_lifecycle(desk):
    device = _device(desk)
    request_id = _request(desk, "2027-01-04", "2027-01-08")
    url = f"/api/v1/loaner-requests/{request_id}/transition"
    illegal = desk.post(url, json={"to": "picked_up"})
    assert illegal.status_code == 409
    assert "cannot go from requested to picked up" in illegal.json()["detail"]
    assert desk.post(url, json={"to": "approved", "note": "ok"}).json()["state"] == "approved"
    assert desk.post(url, json={"to": "ready"}).status_code == 409  # no device yet
    desk.post(f"/api/v1/loaner-requests/{request_id}/assign", json={"device_id": device["id"]})
    for state in ("ready", "picked_up", "returned", "quarantined", "wiped", "closed"):
        response = desk.post(url, json={"to": state})
        assert response.status_code == 200 and response.json()["state"] == state
    assert desk.post(url, json={"to": "requested"}).status_code == 409
    assert desk.post(url, json={"to": "teleported"}).status_code == 422


def test_the_openapi_documents_the_loaner_endpoints(app):
    schema = TestClient(app).get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/devices", "/api/v1/loaner-requests", "/api/v1/loaner-requests/{request_id}/assign",
                 "/api/v1/loaner-requests/{request_id}/transition"):  # fmt: skip
        assert path in paths
    assign = paths["/api/v1/loaner-requests/{request_id}/assign"]["post"]["responses"]
    assert "409" in assign and "LoanerRequestOut" in str(assign["200"])
    assert "DeviceOut" in str(paths["/api/v1/devices"]["get"]["responses"]["200"])
