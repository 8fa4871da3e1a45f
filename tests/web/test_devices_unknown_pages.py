"""A blank "What you are taking" is not "nothing": API contract, trip form, quick check, .ics draft."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token, create_trip, form_data, sign_in

pytestmark = pytest.mark.web

PENDING_ON_A_CHINA_TRIP = {"loaner-device", "device-hygiene", "return-device"}


def without_carrying() -> dict:
    data = itinerary_data()
    data.pop("carrying", None)
    return data


def test_api_checklist_without_carrying_reports_devices_unknown(client):
    answer = client.post("/api/v1/checklists", json=without_carrying())
    assert answer.status_code == 200
    body = answer.json()
    assert body["devices_unknown"] is True
    pending = {i["id"] for i in body["items"] if i["needs_answer"]}
    assert pending >= PENDING_ON_A_CHINA_TRIP
    assert all(i["needs_answer"] is False for i in body["items"] if i["id"] == "register-trip")


def test_api_checklist_with_devices_has_nothing_pending(client):
    body = client.post("/api/v1/checklists", json=itinerary_data()).json()
    assert body["devices_unknown"] is False
    assert not [i["id"] for i in body["items"] if i["needs_answer"]]


def test_api_nothing_electronic_drops_the_device_items(client):
    data = itinerary_data(carrying={"devices": ["none"]})
    body = client.post("/api/v1/checklists", json=data).json()
    assert body["devices_unknown"] is False
    assert not PENDING_ON_A_CHINA_TRIP & {i["id"] for i in body["items"]}


def test_api_schema_documents_the_fields(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "devices_unknown" in schema["Checklist"]["properties"]
    assert "needs_answer" in schema["ChecklistItem"]["properties"]


def test_trip_form_refuses_a_blank_answer_and_keeps_what_was_typed(client):
    sign_in(client)
    page = client.post("/trips/new", data=form_data(**{"carrying.devices": []}))
    assert page.status_code == 400
    assert "What you are taking" in page.text
    assert "Nothing electronic" in page.text
    assert 'aria-describedby="carrying-devices-hint carrying-devices-error"' in page.text
    assert 'href="#carrying-devices"' in page.text  # the error summary links to the question
    assert 'value="Shanghai"' in page.text


def test_trip_form_takes_nothing_electronic_as_an_answer(client):
    sign_in(client)
    trip_id = create_trip(client, **{"carrying.devices": ["none"]})
    page = client.get(f"/trips/{trip_id}").text
    assert "Needs your answer" not in page and 'id="item-loaner-device"' not in page


def test_quick_check_without_an_answer_shows_the_device_items_pending(client):
    page = client.post("/check", data=form_data(**{"carrying.devices": []}))
    assert page.status_code == 200
    assert "Tell us what you are taking" in page.text
    assert 'id="item-loaner-device"' in page.text and "Needs your answer" in page.text
    assert 'href="#carrying"' in page.text


def test_a_trip_saved_through_the_api_without_carrying_shows_pending_items(app, client):
    token = api_token(app)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        created = api.post("/api/v1/trips", json=without_carrying())
    assert created.status_code == 201
    trip = created.json()
    assert trip["checklist"]["devices_unknown"] is True
    sign_in(client)
    page = client.get(f"/trips/{trip['id']}").text
    assert "Tell us what you are taking" in page
    assert f'href="/trips/{trip["id"]}/edit#carrying"' in page
    # The edit form shows the question unanswered, not "Nothing electronic" ticked.
    edit = client.get(f"/trips/{trip['id']}/edit").text
    assert 'id="devices-none" name="carrying.devices" type="checkbox" value="none">' in edit


ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Airline//EN
BEGIN:VEVENT
UID:flight-1@example.com
DTSTAMP:20261101T000000Z
DTSTART:20270310T080000Z
DTEND:20270310T200000Z
SUMMARY:Flight BOS to PEK
LOCATION:Beijing Capital International Airport
END:VEVENT
BEGIN:VEVENT
UID:flight-2@example.com
DTSTAMP:20261101T000000Z
DTSTART:20270318T080000Z
DTEND:20270318T200000Z
SUMMARY:Flight PEK to BOS
LOCATION:Boston Logan International Airport
END:VEVENT
END:VCALENDAR
"""


def test_ics_import_asks_what_you_are_taking(client):
    sign_in(client)
    page = client.post("/trips/new/from-ics", files={"calendar": ("trip.ics", ICS, "text/calendar")})
    assert page.status_code == 200, page.text[:500]
    assert "A calendar does not say what you take" in page.text
    assert "checked" not in page.text.split('id="carrying-devices"')[1].split("</fieldset>")[0]
