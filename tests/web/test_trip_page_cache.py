"""The trip page's rendered-page cache: what a view costs, and that every change shows at once."""

import re

import pytest

from tests.support.web import create_trip, finished, form_data, sign_in, statements_run, tickable_items

pytestmark = pytest.mark.web


def test_a_page_seen_before_costs_two_queries_the_user_and_its_state(client):
    sign_in(client)
    trip_id = create_trip(client)
    first = client.get(f"/trips/{trip_id}").text
    with statements_run() as statements:
        again = client.get(f"/trips/{trip_id}").text
    assert again == first
    assert len(statements) == 2, statements
    assert "FROM users" in statements[0] and "UNION ALL" in statements[1]


def test_every_change_shows_on_the_next_view(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}").text
    first, second = tickable_items(page)[:2]
    assert finished(page).startswith("0 of")

    client.post(f"/trips/{trip_id}/items/{first}", data={"status": "done"})
    assert finished(client.get(f"/trips/{trip_id}").text).startswith("1 of")
    client.post(f"/trips/{trip_id}/items/{second}", data={"status": "not_applicable", "note": "own phone"})
    assert "Your note: own phone" in client.get(f"/trips/{trip_id}").text
    client.post(f"/trips/{trip_id}/items/{second}", data={"status": "not_applicable", "note": "no phone"})
    assert "Your note: no phone" in client.get(f"/trips/{trip_id}").text

    loan = {"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24", "note": ""}
    assert client.post(f"/trips/{trip_id}/loaner", data=loan).status_code == 303
    page = client.get(f"/trips/{trip_id}").text
    request_id = re.search(r'href="/loaner/requests/(\d+)"', page)[1]
    assert "Requested</span>" in page
    client.post(f"/loaner/requests/{request_id}/transition", data={"to": "cancelled", "note": "off"})
    assert "Cancelled</span>" in client.get(f"/trips/{trip_id}").text

    client.post(f"/trips/{trip_id}/edit", data=form_data(leg_count="1"))
    assert "Trip to China</h1>" in client.get(f"/trips/{trip_id}").text
    client.post(f"/trips/{trip_id}/cancel")
    assert '<span class="badge overdue">Cancelled</span>' in client.get(f"/trips/{trip_id}").text


def test_a_cached_page_is_still_for_its_owner_and_compliance_only(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    assert client.get(f"/trips/{trip_id}").status_code == 200
    sign_in(other_client, "eve@example.edu")
    assert other_client.get(f"/trips/{trip_id}").status_code == 404
    sign_in(other_client, "officer@example.edu", "compliance")
    page = other_client.get(f"/trips/{trip_id}").text
    assert "officer@example.edu (compliance)" in page and "Edit itinerary" not in page
