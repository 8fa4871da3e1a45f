"""Two tabs editing one trip: a write based on a stale read is refused (API If-Match, the form's version)."""

from __future__ import annotations

import re

import pytest

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token, create_trip, form_data, sign_in

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


def _version_in(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_a_form_saved_over_a_newer_version_comes_back_with_both_edits(client):
    sign_in(client)
    trip_id = create_trip(client)
    first_tab = _version_in(client.get(f"/trips/{trip_id}/edit").text)
    second_tab = _version_in(client.get(f"/trips/{trip_id}/edit").text)
    hostile = "<script>alert(1)</script>\r\nKyoto"
    saved = client.post(
        f"/trips/{trip_id}/edit",
        data=form_data(**{"legs[1].city": hostile, "departure": "2027-03-08", "version": first_tab}),
    )
    assert saved.status_code == 303
    stale = client.post(
        f"/trips/{trip_id}/edit",
        data=form_data(**{"traveler.name": "Second Tab", "version": second_tab}),
    )
    assert stale.status_code == 409
    page = stale.text
    assert "This trip was saved again after you opened this page" in page
    assert f"You opened version {second_tab}; the trip is now at version {int(second_tab) + 1}" in page
    assert 'value="Second Tab"' in page  # what this tab typed is kept
    assert "Departure date, now saved as: 2027-03-08" in page  # what the other tab changed
    assert "Destinations, now saved as: Shanghai, CN (2027-03-10 to 2027-03-15); " in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "Your details, now" not in page  # the other save did not touch them
    assert _version_in(page) == str(int(second_tab) + 1)
    stored = client.get(f"/trips/{trip_id}/edit").text
    assert 'value="Ada Lovelace"' in stored and 'value="2027-03-08"' in stored
    again = client.post(
        f"/trips/{trip_id}/edit",
        data=form_data(**{"traveler.name": "Second Tab", "version": _version_in(page)}),
    )
    assert again.status_code == 303  # saving again from the refused page is a deliberate choice
    assert 'value="Second Tab"' in client.get(f"/trips/{trip_id}/edit").text


def test_adding_a_leg_keeps_the_version_the_form_was_read_at(client):
    sign_in(client)
    trip_id = create_trip(client)
    read_at = _version_in(client.get(f"/trips/{trip_id}/edit").text)
    client.post(f"/trips/{trip_id}/edit", data=form_data(leg_count="1", version=read_at))
    more = client.post(f"/trips/{trip_id}/edit", data=form_data(add_leg="1", version=read_at))
    assert _version_in(more.text) == read_at
    stale = client.post(f"/trips/{trip_id}/edit", data=form_data(version=read_at))
    assert stale.status_code == 409 and "Destinations, now saved as: Shanghai, CN" in stale.text


def test_a_form_without_a_version_still_saves(client):
    """A tab opened before forms carried versions: its save is based on what the request reads."""
    sign_in(client)
    trip_id = create_trip(client)
    assert client.post(f"/trips/{trip_id}/edit", data=form_data(leg_count="1")).status_code == 303
    assert client.post(f"/trips/{trip_id}/edit", data=form_data(version="x")).status_code == 303
