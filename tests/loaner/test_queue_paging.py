"""The desk's queue pages through every open request: none lost past the old 500 cap, none twice."""

from __future__ import annotations

import re
from datetime import date

from tests.support import bulk
from tests.support.web import sign_in
from tests.web.test_staff_paging import NEXT, seed


def test_the_queue_reaches_every_open_request_once(app, client):
    seed(app, bulk.loan_requests, count=574, first=date(2026, 12, 1))
    seed(app, bulk.loan_requests, count=40, first=date(2026, 12, 1), state="closed")
    sign_in(client, "desk@example.edu", "loaner_staff")
    url, ids, pickups = "/loaner/queue", [], []
    first = client.get(url).text
    assert "Requests (574; 50 on this page)" in first
    while url:
        page = client.get(url).text
        ids += re.findall(r'href="/loaner/requests/(\d+)"', page)
        pickups += re.findall(r"<td data-label=\"Pickup\">(\d{4}-\d{2}-\d{2})</td>", page)
        found = NEXT.search(page)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert len(ids) == 574 == len(set(ids))
    assert len(pickups) == 574 and pickups == sorted(pickups)  # earliest pickup first, across pages too
