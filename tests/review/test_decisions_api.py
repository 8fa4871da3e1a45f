"""The screening-decisions API: compliance tokens decide, the traveler's trip JSON shows the state."""

import pytest
from fastapi.testclient import TestClient

from tests.review.conftest import LISTED
from tests.review.helpers import ENTITY, audit_events, decisions
from tests.support.fixtures import itinerary_data
from tests.support.web import api_token

pytestmark = pytest.mark.web
MATCH = "restricted-party-match"


def _client(app, email: str, role: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {api_token(app, email, role)}"})


def _items(trip_json: dict) -> set[str]:
    return {item["id"] for item in trip_json["checklist"]["items"]}


@pytest.fixture
def ada(app) -> TestClient:
    return _client(app, "ada@example.edu", "traveler")


@pytest.fixture
def officer_api(app) -> TestClient:
    return _client(app, "officer@example.edu", "compliance")


def _trip(client: TestClient, *institutions: str) -> int:
    response = client.post("/api/v1/trips", json=itinerary_data(institutions=list(institutions)))
    assert response.status_code == 201
    return response.json()["id"]


def test_a_compliance_token_lists_hits_and_records_a_decision(app, ada, officer_api):
    trip_id = _trip(ada, LISTED, "Nanjing University")
    before = ada.get(f"/api/v1/trips/{trip_id}").json()
    assert MATCH in _items(before)
    assert [h["state"] for h in before["screening_review"]] == ["open"]

    [hit] = officer_api.get(f"/api/v1/trips/{trip_id}/screening-decisions").json()
    assert (hit["query"], hit["entity_id"], hit["decision"]) == (LISTED, ENTITY, None)
    assert hit["name"] == "Harbin Institute of Technology" and hit["score"] >= 0.85 and hit["why"]

    body = {"query": LISTED, "entity_id": ENTITY, "decision": "false_positive", "note": "Other host."}
    response = officer_api.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body)
    assert response.status_code == 200
    assert response.json()["decision"]["note"] == "Other host."
    assert len(audit_events(app, trip_id)) == 1

    after = ada.get(f"/api/v1/trips/{trip_id}").json()
    assert MATCH not in _items(after)
    assert [m for s in after["checklist"]["screening"] for m in s["matches"]] == []
    [review] = after["screening_review"]
    assert review["state"] == "false_positive" and review["decided_at"]
    assert "Other host." not in str(after)  # notes are internal to Research Compliance


def test_without_decisions_the_trip_checklist_is_the_stateless_one(ada):
    trip_id = _trip(ada, LISTED)
    saved = ada.get(f"/api/v1/trips/{trip_id}").json()["checklist"]
    stateless = ada.post("/api/v1/checklists", json=itinerary_data(institutions=[LISTED])).json()
    assert saved["screening"] == stateless["screening"]
    assert _items({"checklist": saved}) == {item["id"] for item in stateless["items"]}


@pytest.mark.parametrize("role", ["traveler", "loaner_staff"])
def test_other_roles_get_403(app, ada, role):
    trip_id = _trip(ada, LISTED)
    client = ada if role == "traveler" else _client(app, "loaner@example.edu", role)
    body = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "mine"}
    assert client.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body).status_code == 403
    assert client.get(f"/api/v1/trips/{trip_id}/screening-decisions").status_code == 403
    assert decisions(app) == []


def test_other_travelers_trips_and_unknown_hits_are_404(app, ada, officer_api):
    trip_id = _trip(ada, LISTED)
    grace = _client(app, "grace@example.edu", "traveler")
    assert grace.get(f"/api/v1/trips/{trip_id}").status_code == 404
    body = {"query": "Nanjing University", "entity_id": ENTITY, "decision": "cleared", "note": "x"}
    assert officer_api.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body).status_code == 404
    assert officer_api.post("/api/v1/trips/424242/screening-decisions", json=body).status_code == 404
    assert officer_api.get("/api/v1/trips/424242/screening-decisions").status_code == 404


@pytest.mark.parametrize(
    "note",
    ["x" * 100_000, "", "\x00\r\n\x1b", None],
)
def test_bad_notes_are_422_with_the_field_named(app, ada, officer_api, note):
    trip_id = _trip(ada, LISTED)
    body = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": note}
    response = officer_api.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body)
    assert response.status_code == 422
    assert [problem["field"] for problem in response.json()["detail"]] == ["note"]
    assert decisions(app) == []


def test_nul_bytes_in_the_note_are_stripped_not_a_500(app, ada, officer_api):
    trip_id = _trip(ada, LISTED)
    body = {"query": LISTED, "entity_id": ENTITY, "decision": "escalated", "note": "a\x00b\r\nc"}
    response = officer_api.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body)
    assert response.status_code == 200
    assert response.json()["decision"]["note"] == "a b\nc"


def test_the_endpoints_are_documented(app):
    schema = TestClient(app).get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/trips/{trip_id}/screening-decisions"]
    assert set(operations) == {"get", "post"}
    assert {"200", "403", "404", "422"} <= set(operations["post"]["responses"])
