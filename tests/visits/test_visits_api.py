"""`POST /api/v1/visits` and `GET /api/v1/visits/{id}` with a bearer token, for each role."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token
from tests.visit_builders import visit_data, visitor_from

pytestmark = pytest.mark.web


def token_client(app, email: str, role: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {api_token(app, email, role)}"})


@pytest.fixture
def clients(app):
    made = {
        "host": token_client(app, "ada@example.edu", "traveler"),
        "other_host": token_client(app, "grace@example.edu", "traveler"),
        "desk": token_client(app, "desk@example.edu", "loaner_staff"),
        "compliance": token_client(app, "officer@example.edu", "compliance"),
        "admin": token_client(app, "root@example.edu", "admin"),
    }
    for client in made.values():
        client.__enter__()
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def test_register_and_read_a_visit(clients):
    data = visit_data(
        visitor=visitor_from("CN", "Harbin Institute of Technology"), visa="J-1", appointment=True
    )
    created = clients["host"].post("/api/v1/visits?today=2026-11-21", json=data)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["screening_hit"] is True and body["host_email"] == "ada@example.edu"
    ids = {i["id"] for i in body["checklist"]["items"]}
    assert {"visitor-restricted-party-match", "visitor-appointment-review"} <= ids
    again = clients["host"].get(f"/api/v1/visits/{body['id']}?today=2026-11-21")
    assert again.status_code == 200 and again.json() == body


@pytest.mark.parametrize(
    ("role", "status"), [("other_host", 404), ("desk", 404), ("compliance", 200), ("admin", 200)]
)
def test_who_may_read_a_visit(clients, role, status):
    visit_id = clients["host"].post("/api/v1/visits", json=visit_data()).json()["id"]
    assert clients[role].get(f"/api/v1/visits/{visit_id}").status_code == status


def test_without_a_token_it_is_401(app):
    with TestClient(app) as anonymous:
        assert anonymous.post("/api/v1/visits", json=visit_data()).status_code == 401
        assert anonymous.get("/api/v1/visits/1").status_code == 401
    with TestClient(app, headers={"Authorization": "Bearer nonsense"}) as forged:
        assert forged.get("/api/v1/visits/1").status_code == 401


def test_a_bad_visit_is_422_naming_the_field_and_nothing_is_saved(clients):
    response = clients["host"].post("/api/v1/visits", json=visit_data(visa="H-1B", colour="red"))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"visa", "colour"}
    assert clients["compliance"].get("/api/v1/visits/1").status_code == 404


@pytest.mark.parametrize("visit_id", ["0", "-1", "abc", str(2**31)])
def test_bad_ids_are_refused(clients, visit_id):
    assert clients["host"].get(f"/api/v1/visits/{visit_id}").status_code in (404, 422)


def test_a_region_and_its_country_are_saved_once_for_the_country_filter(clients):
    crimea = {
        "institution": "Sevastopol State University",
        "country": "UA",
        "region": "UA-43",
        "current": True,
    }
    data = visit_data(visitor={"citizenships": ["UA"], "affiliations": [crimea]})
    created = clients["host"].post("/api/v1/visits", json=data)
    assert created.status_code == 201, created.text
    countries = created.json()["checklist"]["visitor_countries"]
    assert [(c["region"], c["sanctioned"]) for c in countries] == [(None, False), ("UA-43", True)]
