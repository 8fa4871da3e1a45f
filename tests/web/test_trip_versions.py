"""Two tabs editing one trip: the API refuses a write based on a stale read (If-Match, 409)."""

from __future__ import annotations

import pytest

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token

pytestmark = pytest.mark.web


def test_a_stale_if_match_is_refused_and_the_first_change_survives(client, app):
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    created = client.post("/api/v1/trips", json=itinerary_data(), headers=headers)
    assert created.status_code == 201, created.text
    trip = f"/api/v1/trips/{created.json()['id']}"
    read = client.get(trip, headers=headers)
    etag = read.headers["ETag"]  # both tabs read this version
    first = itinerary_data()
    first["traveler"]["name"] = "First tab"
    saved = client.put(trip, json=first, headers=headers | {"If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert saved.headers["ETag"] != etag
    second = itinerary_data()
    second["traveler"]["name"] = "Second tab"
    stale = client.put(trip, json=second, headers=headers | {"If-Match": etag})
    assert stale.status_code == 409
    assert "changed since you read it" in stale.json()["detail"]
    assert client.get(trip, headers=headers).json()["itinerary"]["traveler"]["name"] == "First tab"
    fresh = client.put(trip, json=second, headers=headers | {"If-Match": saved.headers["ETag"]})
    assert fresh.status_code == 200


@pytest.mark.parametrize("if_match", ["garbage", '"v99999999999999999999"', '"vx"'])
def test_a_malformed_if_match_is_a_409_not_a_500(client, app, if_match):
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    trip_id = client.post("/api/v1/trips", json=itinerary_data(), headers=headers).json()["id"]
    answer = client.put(
        f"/api/v1/trips/{trip_id}", json=itinerary_data(), headers=headers | {"If-Match": if_match}
    )
    assert answer.status_code == 409
