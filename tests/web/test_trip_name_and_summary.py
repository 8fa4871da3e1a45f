"""A trip has a name (its cities by default, or the traveler's own) and an itinerary summary."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token, create_trip, form_data, sign_in

pytestmark = pytest.mark.web


def test_the_default_name_is_the_cities_and_the_stops_are_summarised(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    assert "<h1>Trip to Shanghai, Tokyo</h1>" in page
    stops = page.split('class="stops"')[1].split("</ol>")[0]
    assert "Shanghai, China" in stops and "2027-03-10 to 2027-03-15" in stops
    assert "Tokyo, Japan" in stops and "2027-03-15 to 2027-03-19" in stops


def test_the_travelers_name_shows_on_the_page_in_the_calendar_list_and_api(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="  ACM  CCS\tkeynote ")
    assert "<h1>ACM CCS keynote</h1>" in client.get(f"/trips/{trip_id}").text
    assert "ACM CCS keynote" in client.get("/trips").text
    ics = client.get(f"/trips/{trip_id}/calendar.ics").text
    assert "SUMMARY:ACM CCS keynote" in ics
    edit = client.get(f"/trips/{trip_id}/edit").text
    assert 'value="ACM CCS keynote"' in edit


def test_renaming_bumps_the_calendar_sequence_and_blank_goes_back_to_the_default(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="Workshop")
    before = re.findall(r"SEQUENCE:(\d+)", client.get(f"/trips/{trip_id}/calendar.ics").text)[0]
    saved = client.post(f"/trips/{trip_id}/edit", data=form_data(trip_name=""))
    assert saved.status_code == 303
    ics = client.get(f"/trips/{trip_id}/calendar.ics").text
    assert "SUMMARY:Trip to Shanghai\\, Tokyo" in ics
    assert int(re.findall(r"SEQUENCE:(\d+)", ics)[0]) > int(before)


def test_two_trips_to_the_same_countries_are_told_apart_in_my_trips(client):
    sign_in(client)
    create_trip(client)
    create_trip(client, **{"legs[0].city": "Beijing", "legs[1].city": "Osaka"})
    page = client.get("/trips").text
    rows = re.findall(r'<li class="trip-row">(.*?)</li>', page, re.S)
    assert len(rows) == 2
    assert "Trip to Shanghai, Tokyo" in rows[0] and "Trip to Beijing, Osaka" in rows[1]


def test_a_hostile_name_is_escaped_and_a_huge_one_refused(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="<script>alert(1)</script>\r\nBcc: x@evil")
    page = client.get(f"/trips/{trip_id}").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@evil" in page
    ics = client.get(f"/trips/{trip_id}/calendar.ics").text
    assert "\r\nBcc:" not in ics
    refused = client.post("/trips/new", data=form_data(trip_name="x" * 201))
    assert refused.status_code == 400
    assert "Trip name" in refused.text and "at most 200 characters" in refused.text
    assert 'value="Shanghai"' in refused.text


def test_the_api_names_the_trip(app, client):
    with TestClient(app, headers={"Authorization": f"Bearer {api_token(app)}"}) as api:
        created = api.post("/api/v1/trips", json=itinerary_data()).json()
        assert created["name"] == "Trip to Shanghai, Tokyo"
        assert api.get("/api/v1/trips").json()[0]["name"] == "Trip to Shanghai, Tokyo"
