"""An overdue loaner through the app: the API's 409, the request page, the dashboard's at-risk list."""

import re
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY
from tests.support.web import api_token, sign_in

pytestmark = pytest.mark.web

REFUSAL = (
    "LT-0042 is still out on loaner request {late}, overdue since 2026-11-13 (due back 2026-11-12): "
    "it can be assigned again once that loan is marked returned."
)


def _text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", unescape(html)).split())


def _late_laptop(app) -> tuple[TestClient, dict[str, int]]:
    """LT-0042 out on a loan due back 2026-11-12, booked again for 12-01 while that loan was on time.

    Today (TODAY, 2026-11-21) the loan is overdue; LT-0043 is free. Returns the desk's API
    client and the ids: the devices, the `late` loan, the `booked` request and a `new` one.
    """
    token = api_token(app, "desk@example.edu", "loaner_staff")
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    ids = {
        tag: api.post("/api/v1/devices", json={"asset_tag": tag, "kind": "laptop"}).json()["id"]
        for tag in ("LT-0042", "LT-0043")
    }

    def request(pickup: str, back: str) -> int:
        body = {"requester_email": "ada@example.edu", "kinds": ["laptop"], "pickup_date": pickup,
                "return_date": back}  # fmt: skip
        return api.post("/api/v1/loaner-requests", json=body).json()["id"]

    def assign(request_id: int, tag: str):
        return api.post(f"/api/v1/loaner-requests/{request_id}/assign", json={"device_id": ids[tag]})

    app.state.clock = lambda: date(2026, 11, 5)
    ids["late"] = request("2026-11-02", "2026-11-12")
    assert assign(ids["late"], "LT-0042").status_code == 200
    for state in ("approved", "ready", "picked_up"):
        moved = api.post(f"/api/v1/loaner-requests/{ids['late']}/transition", json={"to": state})
        assert moved.status_code == 200, moved.text
    ids["booked"] = request("2026-12-01", "2026-12-04")
    assert assign(ids["booked"], "LT-0042").status_code == 200  # the loan was not late yet
    app.state.clock = lambda: TODAY
    ids["new"] = request("2026-11-24", "2026-11-27")
    return api, ids


def test_the_api_refuses_an_overdue_device_with_409_naming_the_loan(app_on_each_db):
    api, ids = _late_laptop(app_on_each_db)
    refused = api.post(f"/api/v1/loaner-requests/{ids['new']}/assign", json={"device_id": ids["LT-0042"]})
    assert refused.status_code == 409
    assert refused.json() == {"detail": REFUSAL.format(late=ids["late"])}
    assert api.get(f"/api/v1/loaner-requests/{ids['new']}").json()["devices"] == []
    other = api.post(f"/api/v1/loaner-requests/{ids['new']}/assign", json={"device_id": ids["LT-0043"]})
    assert other.status_code == 200

    # The booking made while LT-0042 was on time moves to LT-0043 in one step.
    url = f"/api/v1/loaner-requests/{ids['booked']}/assign"
    again = api.post(url, json={"device_id": ids["LT-0043"]})
    assert again.status_code == 409 and "already has a laptop: LT-0042" in again.json()["detail"]
    moved = api.post(url, json={"device_id": ids["LT-0043"], "replacing": ids["LT-0042"]})
    assert moved.status_code == 200, moved.text
    assert [d["asset_tag"] for d in moved.json()["devices"]] == ["LT-0043"]


def test_the_request_page_offers_no_overdue_device_and_shows_the_refusal_by_the_field(app, client):
    _, ids = _late_laptop(app)
    sign_in(client, "desk@example.edu", "loaner_staff")
    page = client.get(f"/loaner/requests/{ids['new']}").text
    assert re.findall(r'<option value="\d+">([^<]+)</option>', page) == ["LT-0043"]

    forced = client.post(f"/loaner/requests/{ids['new']}/assign", data={"device_id": str(ids["LT-0042"])})
    assert forced.status_code == 409
    form = forced.text[forced.text.index('<form method="post" action="/loaner/requests/') :]
    form = form[: form.index("</form>")]
    assert 'aria-describedby="assign-laptop-error"' in form
    assert f'<p class="field-errors" id="assign-laptop-error">{REFUSAL.format(late=ids["late"])}</p>' in (
        unescape(form)
    )
    assert 'class="error" role="alert"' not in forced.text  # not at the top, away from the field


def test_the_desk_replaces_an_at_risk_device_on_the_request_page(app, client):
    _, ids = _late_laptop(app)
    sign_in(client, "desk@example.edu", "loaner_staff")
    page = unescape(client.get(f"/loaner/requests/{ids['booked']}").text)
    assert f"LT-0042 is still out on loaner request {ids['late']}, overdue since 2026-11-13." in _text(page)
    assert f'<input type="hidden" name="replacing" value="{ids["LT-0042"]}">' in page
    assert ">Replace LT-0042</button>" in page

    taken = client.post(
        f"/loaner/requests/{ids['booked']}/assign",
        data={"device_id": str(ids["LT-0042"]), "replacing": str(ids["LT-0042"])},
    )
    assert taken.status_code == 409 and "still out on loaner request" in taken.text
    assert 'id="replace-{}-error"'.format(ids["LT-0042"]) in taken.text
    assert "LT-0042 (laptop) reserved 2026-12-01 to 2026-12-06" in taken.text  # the refusal kept it

    replaced = client.post(
        f"/loaner/requests/{ids['booked']}/assign",
        data={"device_id": str(ids["LT-0043"]), "replacing": str(ids["LT-0042"])},
    )
    assert replaced.status_code == 303, replaced.text
    page = client.get(f"/loaner/requests/{ids['booked']}").text
    assert "LT-0043 (laptop) reserved 2026-12-01 to 2026-12-06" in page and "LT-0042" not in page


def test_the_dashboard_lists_bookings_at_risk_and_counts_the_device_out(app, client):
    api, ids = _late_laptop(app)
    sign_in(client, "desk@example.edu", "loaner_staff")
    page = client.get("/loaner").text
    section = page[page.index('<section aria-labelledby="at-risk-heading"') :]
    section = section[: section.index("</section>")]
    assert "At risk: reserved on a device still out overdue (1)" in section
    assert (
        f"At risk: device LT-0042 is overdue from request {ids['late']}; it is reserved for request "
        f"{ids['booked']} from 2026-12-01 — reassign"
    ) in _text(section)
    assert f'href="/loaner/requests/{ids["booked"]}#assigned">reassign</a>' in section
    assert "laptop: 2 in service, 1 of them out overdue" in page
    assert "2026-12-01: 1 laptop needed, 1 available" in page  # LT-0042 is not counted

    # Once LT-0042 is back, nothing is at risk and both laptops count again.
    api.post(f"/api/v1/loaner-requests/{ids['late']}/transition", json={"to": "returned"})
    page = client.get("/loaner").text
    assert "At risk: reserved on a device still out overdue (0)" in page
    assert "2026-12-01: 1 laptop needed, 2 available" in page


def test_a_request_whose_device_is_still_out_cannot_be_made_ready_or_handed_over(app_on_each_db):
    api, ids = _late_laptop(app_on_each_db)
    url = f"/api/v1/loaner-requests/{ids['booked']}/transition"
    assert api.post(url, json={"to": "approved"}).status_code == 200
    refused = api.post(url, json={"to": "ready"})
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith(f"LT-0042 is still out on loaner request {ids['late']}")
    assert refused.json()["detail"].endswith("replace the device first.")
    assert api.get(f"/api/v1/loaner-requests/{ids['booked']}").json()["state"] == "approved"

    api.post(f"/api/v1/loaner-requests/{ids['late']}/transition", json={"to": "returned"})
    assert api.post(url, json={"to": "ready"}).status_code == 200  # back at the desk: fine
