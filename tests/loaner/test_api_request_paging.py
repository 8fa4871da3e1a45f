"""The API's list of loaner requests pages through every request: none lost, none twice.

It once stopped at 5,000 rows with no word of it. Now it answers 50 a page, earliest pickup
first. The body stays a list, as callers read it; the next page is in the Link header
(rel="next") and the total in X-Total-Count, as the API's own paged lists elsewhere do.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.support import bulk
from tests.support.web import api_token
from tests.web.test_staff_paging import seed

pytestmark = pytest.mark.web


def _api(app, email: str, role: str = "traveler") -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {api_token(app, email, role)}"})


def _page(answer) -> dict:
    """A page as the headers and body say it: its requests, the total and the next page's link."""
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json(), list)
    return {
        "items": answer.json(),
        "total": int(answer.headers["X-Total-Count"]),
        "total_capped": answer.headers["X-Total-Capped"] == "true",
        "next": answer.links.get("next", {}).get("url"),
    }


def _walk(api: TestClient) -> tuple[list[dict], list[dict]]:
    """Every page from the first, following the Link header: the pages and all their requests."""
    pages, items, url = [], [], "/api/v1/loaner-requests"
    while True:
        pages.append(_page(api.get(url)))
        items += pages[-1]["items"]
        url = pages[-1]["next"]
        if url is None:
            return pages, items
        assert url.startswith("/api/v1/loaner-requests?after=")
        assert len(pages) < 20, "the cursor does not advance"


def test_the_desk_pages_through_every_request_once(app):
    seed(app, bulk.loan_requests, count=130, first=date(2026, 12, 1))
    seed(app, bulk.loan_requests, count=15, first=date(2026, 12, 1), state="closed")  # finished ones too
    pages, items = _walk(_api(app, "desk@example.edu", "loaner_staff"))
    assert [len(p["items"]) for p in pages] == [50, 50, 45]
    assert {(p["total"], p["total_capped"]) for p in pages} == {(145, False)}
    ids = [item["id"] for item in items]
    assert len(ids) == 145 == len(set(ids))
    order = [(item["pickup_date"], item["id"]) for item in items]
    assert order == sorted(order)  # earliest pickup first, across pages too


def test_a_page_is_stable_when_requests_are_added_before_the_cursor(app):
    seed(app, bulk.loan_requests, count=80, first=date(2027, 2, 1))
    desk = _api(app, "desk@example.edu", "loaner_staff")
    first = _page(desk.get("/api/v1/loaner-requests"))
    seed(app, bulk.loan_requests, count=10, first=date(2027, 1, 1))  # picked up before the whole page
    rest = _page(desk.get(first["next"]))
    seen = {item["id"] for item in first["items"]} | {item["id"] for item in rest["items"]}
    assert len(first["items"]) + len(rest["items"]) == 80 == len(seen) and rest["next"] is None


def test_a_traveler_pages_through_only_their_own_requests(app):
    seed(app, bulk.loan_requests, count=60, first=date(2026, 12, 1))  # all by many@example.edu
    own = _api(app, "many@example.edu")
    pages, items = _walk(own)
    assert len(pages) == 2 and len({item["id"] for item in items}) == 60
    assert {item["requester_email"] for item in items} == {"many@example.edu"}
    other = _page(_api(app, "eve@example.edu").get("/api/v1/loaner-requests"))
    assert other["items"] == [] and other["total"] == 0 and other["next"] is None


@pytest.mark.parametrize("after", ["nonsense", "2027-13-40,5", "2027-01-01", "2027-01-01,x", "<b>,1\r\n"])
def test_a_cursor_that_is_no_cursor_is_refused_naming_the_field(app, after):
    desk = _api(app, "desk@example.edu", "loaner_staff")
    answer = desk.get("/api/v1/loaner-requests", params={"after": after})
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json()["detail"]] == ["after"]
