"""Input that used to answer 500 (or an undocumented 400): deep JSON, lone surrogates, bytes that are not
text, numbers read as dates. Now 422."""

from __future__ import annotations

import json

import pytest

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token, create_trip, sign_in

pytestmark = pytest.mark.web
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("depth", [40, 1000, 100_000])
def test_deeply_nested_json_is_refused_on_the_public_api(client, depth):
    body = '{"traveler": ' + "[" * depth + "]" * depth + "}"
    response = client.post("/api/v1/checklists", content=body, headers=JSON)
    assert response.status_code == 422, response.text[:300]
    assert "nested too deeply" in response.text


def test_deeply_nested_json_is_refused_on_the_trips_api(client, app):
    sign_in(client)
    headers = JSON | {"Authorization": f"Bearer {api_token(app)}"}
    response = client.post("/api/v1/trips", content="[" * 1000 + "]" * 1000, headers=headers)
    assert response.status_code == 422 and "nested too deeply" in response.text


def test_a_lone_surrogate_is_refused_naming_the_field(client, app):
    data = itinerary_data()
    body = json.dumps(data).replace('"name": "', '"name": "\\ud800', 1)
    response = client.post("/api/v1/checklists", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["field"] == "traveler.name"
    sign_in(client)
    trip_id = create_trip(client)
    headers = JSON | {"Authorization": f"Bearer {api_token(app)}"}
    note = '{"trip_id": ' + str(trip_id) + ', "kinds": ["laptop"], "note": "a\\udfffb"}'
    answer = client.post("/api/v1/loaner-requests", content=note, headers=headers)
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "note"


@pytest.mark.parametrize("body", [b"\x80", b"\xc3(", b'{"legs": "\xff"}'])
def test_a_body_that_is_not_text_is_422_not_400(client, app, body):
    # Found by schemathesis (tests/web/test_api_fuzz_schema.py): FastAPI answered 400, undocumented.
    response = client.post("/api/v1/checklists", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [{"field": "body", "message": "the body is not UTF-8 text"}]
    sign_in(client)
    trip_id = create_trip(client)
    headers = JSON | {"Authorization": f"Bearer {api_token(app)}", "If-Match": '"v1"'}
    assert client.put(f"/api/v1/trips/{trip_id}", content=body, headers=headers).status_code == 422


def test_surrogate_pairs_are_ordinary_text(client):
    body = json.dumps(itinerary_data()).replace('"name": "', '"name": "\\ud83d\\ude00', 1)
    assert client.post("/api/v1/checklists", content=body, headers=JSON).status_code == 200


def test_a_number_is_not_a_pickup_date(client, app):
    sign_in(client)
    trip_id = create_trip(client)
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    body = {"trip_id": trip_id, "kinds": ["laptop"], "pickup_date": 0, "return_date": "2027-03-24"}
    response = client.post("/api/v1/loaner-requests", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert any(e["field"] == "pickup_date" for e in response.json()["detail"])


def test_today_zero_is_not_1970_on_the_trips_api(client, app):
    sign_in(client)
    trip_id = create_trip(client)
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    response = client.get(f"/api/v1/trips/{trip_id}?today=0", headers=headers)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "today"


@pytest.mark.parametrize(
    ("repeat", "field"),
    [
        ('"city": "Shanghai"', "legs[0].city"),  # "Shanghai" was read as the second value's
        ('"name": "Ada Lovelace"', "traveler.name"),
        ('"departure": "2027-03-09"', "departure"),
    ],
)
def test_a_key_given_twice_is_refused_naming_it(client, repeat, field):
    """json keeps a repeated key's last value: what was typed first would be lost without a word."""
    key = repeat.split(":")[0]
    body = json.dumps(itinerary_data()).replace(repeat, f'{key}: "Xanadu", {repeat}', 1)
    response = client.post("/api/v1/checklists", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"field": field, "message": "given twice: give it once, with the value you mean"}
    ]
    assert client.post("/api/v1/checklists", json=itinerary_data()).status_code == 200
