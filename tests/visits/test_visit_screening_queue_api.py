"""Visitors with open hits in Research Compliance's queue, and the decisions API for visits."""

from __future__ import annotations

import pytest

from tests.support.web import api_token
from tests.visits.helpers import ENTITY, LISTED, MATCH, create_visit, decide, listed_visit

pytestmark = pytest.mark.web
QUEUE = "/staff/screening/visits"


def test_the_queue_lists_visits_with_undecided_or_escalated_hits(host, officer):
    open_visit = listed_visit(host, **{"visitor.name": "Wang Open"})
    escalated = listed_visit(host, **{"visitor.name": "Zhao Escalated"})
    cleared = listed_visit(host, **{"visitor.name": "Liu Cleared"})
    create_visit(host, **{"visitor.name": "Sun Nohit"})
    decide(officer, escalated, "escalated", "Export Control to look.")
    decide(officer, cleared, "cleared", "Checked.")
    page = officer.get(QUEUE)
    assert page.status_code == 200
    assert "Wang Open" in page.text and "Zhao Escalated" in page.text
    assert "Liu Cleared" not in page.text and "Sun Nohit" not in page.text
    assert f'href="/visits/{open_visit}/screening"' in page.text
    assert "2 visits to review" in page.text
    trips_page = officer.get("/staff/screening").text
    assert f'href="{QUEUE}"' in trips_page and "Visitors with open screening hits: 2" in trips_page


def test_cancelled_and_past_visits_leave_the_queue(host, officer):
    cancelled = listed_visit(host, **{"visitor.name": "Gone Cancelled"})
    listed_visit(host, **{"visitor.name": "Long Ago", "arrive": "2026-11-01", "depart": "2026-11-03"})
    assert host.post(f"/visits/{cancelled}/cancel").status_code == 303
    page = officer.get(QUEUE).text
    assert "Gone Cancelled" not in page and "Long Ago" not in page and "0 visits to review" in page


def test_the_queue_is_for_research_compliance_and_admins(client, host, other_host, admin):
    listed_visit(host)
    assert host.get(QUEUE).status_code == 403
    assert other_host.get(QUEUE).status_code == 403
    assert admin.get(QUEUE).status_code == 200
    assert client.get(QUEUE).status_code in (303, 401)


def _api(client, token: str, visit_id: int, method: str = "get", **body):
    url = f"/api/v1/visits/{visit_id}/screening-decisions"
    headers = {"Authorization": f"Bearer {token}"}
    return (
        client.post(url, json=body, headers=headers) if method == "post" else client.get(url, headers=headers)
    )


def test_the_api_lists_hits_and_records_a_decision_like_the_trips_one(app, client, host):
    visit_id = listed_visit(host)
    token = api_token(app, "officer@example.edu", "compliance")
    [hit] = _api(client, token, visit_id).json()
    assert (hit["query"], hit["entity_id"], hit["state"], hit["decision"]) == (LISTED, ENTITY, "open", None)
    assert {"name", "alias", "list", "source", "as_of", "score", "why", "query_key"} <= hit.keys()
    decided = _api(
        client, token, visit_id, "post", query=LISTED, entity_id=ENTITY, decision="cleared", note="Fine."
    )
    assert decided.status_code == 200
    assert decided.json()["state"] == "cleared" and decided.json()["decision"]["note"] == "Fine."
    assert MATCH not in [i["id"] for i in _api_visit(client, app, visit_id)["checklist"]["items"]]


def _api_visit(client, app, visit_id: int) -> dict:
    token = api_token(app, "ada@example.edu", "traveler")
    return client.get(f"/api/v1/visits/{visit_id}", headers={"Authorization": f"Bearer {token}"}).json()


def test_the_api_refuses_what_the_pages_refuse(app, client, host):
    visit_id = listed_visit(host)
    body = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "Fine."}
    for email, role in (("ada@example.edu", "traveler"), ("grace@example.edu", "traveler")):
        token = api_token(app, email, role)
        assert _api(client, token, visit_id).status_code == 403
        assert _api(client, token, visit_id, "post", **body).status_code == 403
    officer = api_token(app, "officer@example.edu", "compliance")
    assert _api(client, officer, 999).status_code == 404
    assert (
        _api(client, officer, visit_id, "post", **(body | {"entity_id": "shipped:none"})).status_code == 404
    )
    bad = _api(client, officer, visit_id, "post", **(body | {"decision": "confirmed"}))
    assert bad.status_code == 422 and "decision" in bad.text
    assert _api(client, officer, visit_id, "post", **(body | {"note": "\x00\x01"})).status_code == 422
    own = listed_visit(host, **{"host.email": "ada@example.edu"})
    admin_host = api_token(app, "ada@example.edu", "admin")  # Ada made an admin: still not on her own visit
    refused = _api(client, admin_host, own, "post", **body)
    assert refused.status_code == 403 and "another compliance officer" in refused.text
    assert _api(client, api_token(app, "root@example.edu", "admin"), visit_id).status_code == 200


def test_the_visit_s_json_says_its_status_and_where_each_hit_s_review_stands(app, client, host, officer):
    visit_id = listed_visit(host)
    [hit] = _api_visit(client, app, visit_id)["screening_review"]
    assert (hit["query"], hit["entity_id"], hit["state"]) == (LISTED, ENTITY, "open")
    assert hit["label"] == "Under review by Research Compliance" and "note" not in hit
    decide(officer, visit_id, "cleared", "Internal note.")
    host.post(f"/visits/{visit_id}/cancel")
    found = _api_visit(client, app, visit_id)
    assert found["status"] == "cancelled" and found["screening_review"][0]["state"] == "cleared"
    assert "Internal note." not in str(found)
