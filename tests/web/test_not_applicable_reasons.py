"""Not applicable opens its reason box when chosen; required items need a reason; history shows changes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token, create_trip, sign_in

pytestmark = pytest.mark.web


def _required_and_recommended(page: str) -> tuple[str, str]:
    items = re.findall(r'<li class="item[^"]*" id="item-([\w-]+)">(.*?)</li>\n', page, re.S)
    required = next(i for i, body in items if "priority-required" in body and "Not applicable" in body)
    recommended = next(i for i, body in items if "priority-recommended" in body and "Not applicable" in body)
    return required, recommended


def test_the_reason_box_is_inside_a_closed_details(client):
    sign_in(client)
    page = client.get(f"/trips/{create_trip(client)}").text
    assert '<details class="not-applicable">' in page
    assert '<details class="not-applicable" open>' not in page
    # No reason box sits open on every item: each textarea is inside its details.
    assert page.count("<textarea") == page.count('<details class="not-applicable">')


def test_a_required_item_needs_a_reason(client):
    sign_in(client)
    trip_id = create_trip(client)
    required, _ = _required_and_recommended(client.get(f"/trips/{trip_id}").text)
    refused = client.post(
        f"/trips/{trip_id}/items/{required}", data={"status": "not_applicable", "note": "  "}
    )
    assert refused.status_code == 303
    assert (
        refused.headers["location"]
        == f"/trips/{trip_id}?order=category&reason_for={required}#note-{required}"
    )
    page = client.get(refused.headers["location"]).text
    assert '<details class="not-applicable" open>' in page
    assert f'aria-describedby="note-{required}-error" autofocus' in page
    assert "This item is required: write why it does not apply" in page
    # Nothing was saved.
    assert re.search(rf'id="item-{required}">.*?badge status">To do<', page, re.S)

    saved = client.post(
        f"/trips/{trip_id}/items/{required}", data={"status": "not_applicable", "note": "Covered by the host"}
    )
    assert saved.headers["location"].endswith(f"#item-{required}")
    assert "Your note: Covered by the host" in client.get(f"/trips/{trip_id}").text


def test_a_recommended_item_can_be_set_aside_without_a_reason(client):
    sign_in(client)
    trip_id = create_trip(client)
    _, recommended = _required_and_recommended(client.get(f"/trips/{trip_id}").text)
    done = client.post(f"/trips/{trip_id}/items/{recommended}", data={"status": "not_applicable", "note": ""})
    assert done.headers["location"].endswith(f"#item-{recommended}")


def test_the_api_asks_a_reason_for_a_required_item_too(app):
    with TestClient(app, headers={"Authorization": f"Bearer {api_token(app)}"}) as api:
        trip = api.post("/api/v1/trips", json=itinerary_data()).json()
        required = next(i["id"] for i in trip["checklist"]["items"] if i["priority"] == "required")
        url = f"/api/v1/trips/{trip['id']}/items/{required}"
        refused = api.patch(url, json={"status": "not_applicable", "note": ""})
        assert refused.status_code == 422
        (problem,) = refused.json()["detail"]
        assert problem["field"] == "note" and "write why it does not apply" in problem["message"]
        assert api.patch(url, json={"status": "not_applicable", "note": "why"}).status_code == 200


def test_the_history_shows_from_what_to_what_and_the_trip_events(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="Shanghai workshop")
    required, _ = _required_and_recommended(client.get(f"/trips/{trip_id}").text)
    client.post(f"/trips/{trip_id}/items/{required}", data={"status": "done"})
    client.post(
        f"/trips/{trip_id}/items/{required}", data={"status": "not_applicable", "note": "<b>host</b>"}
    )
    client.post(f"/trips/{trip_id}/cancel")
    page = client.get(f"/trips/{trip_id}/history").text
    assert "History of Shanghai workshop" in page
    assert "To do → <strong>Done</strong> by ada@example.edu" in page
    assert "Done → <strong>Not applicable</strong>" in page and "&lt;b&gt;host&lt;/b&gt;" in page
    assert "<strong>Trip planned</strong>" in page and "<strong>Trip cancelled</strong>" in page
    assert "Now called &#34;Shanghai workshop&#34;" in page
