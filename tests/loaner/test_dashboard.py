"""The desk's dashboard sections and the queue's order, with today pinned to 2026-11-21."""

import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token, sign_in
from travelprep.db.models import LoanerRequest
from travelprep.loaner.desk_service import by_urgency

pytestmark = pytest.mark.web


def _section(page: str, caption: str) -> str:
    start = page.index(caption)
    return page[start : page.index("</table>", start)]


def test_each_dashboard_section_lists_the_right_requests(app, client):
    api = TestClient(
        app, headers={"Authorization": f"Bearer {api_token(app, 'desk@example.edu', 'loaner_staff')}"}
    )
    lt1 = api.post("/api/v1/devices", json={"asset_tag": "LT-1", "kind": "laptop"}).json()["id"]
    lt2 = api.post("/api/v1/devices", json={"asset_tag": "LT-2", "kind": "laptop"}).json()["id"]

    def make(pickup: str, back: str, *states: str, assign: int | None = None) -> int:
        body = {
            "requester_email": "ada@example.edu",
            "kinds": ["laptop"],
            "pickup_date": pickup,
            "return_date": back,
        }
        request_id = api.post("/api/v1/loaner-requests", json=body).json()["id"]
        if assign:
            answer = api.post(f"/api/v1/loaner-requests/{request_id}/assign", json={"device_id": assign})
            assert answer.status_code == 200, answer.text
        for state in states:
            assert (
                api.post(f"/api/v1/loaner-requests/{request_id}/transition", json={"to": state}).status_code
                == 200
            )
        return request_id

    # LT-1 stays out overdue, so the later loans get LT-2.
    overdue = make("2026-11-02", "2026-11-12", "approved", "ready", "picked_up", assign=lt1)
    due_today = make("2026-11-15", "2026-11-21", "approved", "ready", "picked_up", assign=lt2)
    pickup_today = make("2026-11-21", "2026-11-30", "approved")
    unapproved_today = make("2026-11-21", "2026-11-28")  # no device and nobody said yes yet
    soon = make("2026-11-26", "2026-12-02")
    later = make("2027-02-01", "2027-02-10")
    back = make("2026-12-20", "2026-12-24", "approved", "ready", "picked_up", "returned", assign=lt2)

    sign_in(client, "desk@example.edu", "loaner_staff")
    page = client.get("/loaner").text

    def ids(caption: str) -> set[int]:
        return {int(x) for x in re.findall(r'href="/loaner/requests/(\d+)"', _section(page, caption))}

    assert ids("Pickups today") == {pickup_today, unapproved_today}
    assert ids("Waiting for approval") == {unapproved_today, soon, later}
    assert ids("Returns due today") == {due_today}
    assert ids("Overdue returns") == {overdue}
    assert ids("No device yet, pickup within 7 days") == {pickup_today, unapproved_today, soon}
    assert later not in ids("No device yet, pickup within 7 days")
    assert ids("Back: returned or in quarantine") == {back}
    assert "laptop: 2 in service" in page


def test_the_queue_puts_earlier_pickups_first_and_short_notice_first_on_the_same_day():
    def loan(id_: int, pickup: date, asked: date) -> LoanerRequest:
        return LoanerRequest(
            id=id_, pickup_date=pickup, created_at=datetime(asked.year, asked.month, asked.day, tzinfo=UTC)
        )

    early_notice = loan(1, date(2027, 3, 5), date(2027, 1, 1))
    short_notice = loan(2, date(2027, 3, 5), date(2027, 3, 1))
    earlier = loan(3, date(2027, 3, 4), date(2027, 1, 1))
    assert [x.id for x in by_urgency([early_notice, short_notice, earlier])] == [3, 2, 1]
