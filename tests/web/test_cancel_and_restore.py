"""Cancelling a trip asks first, says what happens, and can be undone until departure."""

from __future__ import annotations

import re

import pytest

from tests.support.fixtures import TODAY
from tests.support.web import create_trip, sign_in

pytestmark = pytest.mark.web

LOAN = {"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24", "note": ""}


def test_the_trip_page_asks_before_cancelling(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    # A link to a page that asks, not a button that cancels at once.
    assert f'<a class="button secondary" href="/trips/{trip_id}/cancel">Cancel this trip</a>' in page
    assert f'action="/trips/{trip_id}/cancel"' not in page


def test_the_confirmation_names_the_loaner_request_the_calendar_and_the_undo(client):
    sign_in(client)
    trip_id = create_trip(client)
    assert client.post(f"/trips/{trip_id}/loaner", data=LOAN).status_code == 303
    page = client.get(f"/trips/{trip_id}/cancel")
    assert page.status_code == 200
    text = page.text
    assert "not cancelled with the trip" in text and re.search(r'href="/loaner/requests/\d+"', text)
    assert "Requested, pickup 2027-03-05" in text
    assert 'marked "Cancelled"' in text
    assert "until 2027-03-09" in text
    # Looking does not cancel.
    assert "This trip is cancelled" not in client.get(f"/trips/{trip_id}").text


def test_cancel_then_restore(client):
    sign_in(client)
    trip_id = create_trip(client)
    cancelled = client.post(f"/trips/{trip_id}/cancel")
    assert cancelled.headers["location"] == f"/trips/{trip_id}#cancelled"
    page = client.get(f"/trips/{trip_id}").text
    assert "This trip is cancelled" in page and "Restore this trip" in page
    assert "SUMMARY:Cancelled: " in client.get(f"/trips/{trip_id}/calendar.ics").text

    restored = client.post(f"/trips/{trip_id}/restore")
    assert restored.status_code == 303
    page = client.get(f"/trips/{trip_id}").text
    assert "This trip is cancelled" not in page and "Edit itinerary" in page
    ics = client.get(f"/trips/{trip_id}/calendar.ics").text
    assert "Cancelled: " not in ics and "STATUS:CONFIRMED" in ics


def test_no_restore_once_the_trip_has_departed(app, client):
    sign_in(client)
    trip_id = create_trip(client)
    client.post(f"/trips/{trip_id}/cancel")
    app.state.clock = lambda: TODAY.replace(year=2027, month=3, day=9)  # departure day
    page = client.get(f"/trips/{trip_id}").text
    assert "Restore this trip" not in page and "can no longer be restored" in page
    refused = client.post(f"/trips/{trip_id}/restore")
    assert refused.status_code == 409
    assert "can no longer be undone" in refused.text


def test_others_cannot_see_cancel_or_restore(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    sign_in(other_client, email="mallory@example.edu")
    assert other_client.get(f"/trips/{trip_id}/cancel").status_code == 404
    client.post(f"/trips/{trip_id}/cancel")
    assert other_client.post(f"/trips/{trip_id}/restore").status_code == 404


def test_restore_needs_a_same_site_request(client):
    sign_in(client)
    trip_id = create_trip(client)
    client.post(f"/trips/{trip_id}/cancel")
    forged = client.post(f"/trips/{trip_id}/restore", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
