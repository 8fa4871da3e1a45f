"""The JSON API: stateless checklists, trips CRUD with bearer tokens, item statuses."""

import pytest
from fastapi.testclient import TestClient

from tests.support.fixtures import TODAY, itinerary_data
from tests.support.web import api_token
from travelprep.accounts import tokens
from travelprep.db.engine import make_session_factory
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary

pytestmark = pytest.mark.web


@pytest.fixture
def api(app):
    token = api_token(app)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def test_ping(client):
    assert client.get("/api/v1/ping").json() == {"status": "ok"}


def test_checklist_is_the_same_as_the_core_gives(client, rulebook):
    response = client.post("/api/v1/checklists?today=2026-12-01", json=itinerary_data())
    assert response.status_code == 200
    expected = generate_checklist(parse_itinerary(itinerary_data()), rulebook, TODAY.replace(month=12, day=1))
    assert response.json() == expected.model_dump(mode="json", by_alias=True)
    assert response.json()["generated_on"] == "2026-12-01"


def test_checklist_defaults_to_today(client):
    assert (
        client.post("/api/v1/checklists", json=itinerary_data()).json()["generated_on"] == TODAY.isoformat()
    )


def test_bad_itinerary_is_422_with_field_errors(client):
    bad = itinerary_data(legs=[{"country": "XX"}], colour="blue")
    response = client.post("/api/v1/checklists", json=bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["detail"]}
    assert {"legs[0].country", "colour"} <= fields


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null"])
def test_malformed_body_is_422(client, body):
    response = client.post("/api/v1/checklists", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422


@pytest.mark.parametrize("day", ["someday", "2026-02-30", "20261121", "2026-11-21T00:00", ""])
def test_bad_today_is_422(client, day):
    response = client.post(f"/api/v1/checklists?today={day}", json=itinerary_data())
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "today"


def test_today_is_documented_as_a_query_parameter(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/checklists"]["post"]
    assert [(p["name"], p["in"], p["schema"]["format"]) for p in operation["parameters"]] == [
        ("today", "query", "date")
    ]


def test_trips_need_a_valid_token(app, client):
    assert client.get("/api/v1/trips").status_code == 401
    bad = TestClient(app, headers={"Authorization": "Bearer tp_nope"})
    assert bad.get("/api/v1/trips").status_code == 401


def test_revoked_token_is_refused(app):
    token = api_token(app)
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/trips").status_code == 200
    with make_session_factory(app.state.engine)() as session:
        tokens.revoke(session, plain_or_prefix=token)
        session.commit()
    assert client.get("/api/v1/trips").status_code == 401


def test_trip_crud_and_item_status(api):
    created = api.post("/api/v1/trips", json=itinerary_data())
    assert created.status_code == 201
    trip = created.json()
    assert trip["countries"] == ["CN", "JP"] and trip["elevated_risk"] is True
    item_id = trip["checklist"]["items"][0]["id"]
    assert all(item["status"] == "open" for item in trip["checklist"]["items"])

    listed = api.get("/api/v1/trips").json()
    assert [t["id"] for t in listed] == [trip["id"]]

    url = f"/api/v1/trips/{trip['id']}"
    patched = api.patch(f"{url}/items/{item_id}", json={"status": "not_applicable", "note": "n/a"})
    assert patched.json() == {"item_id": item_id, "status": "not_applicable", "note": "n/a"}

    replaced = api.put(url, json=itinerary_data(legs=[itinerary_data()["legs"][0]]))
    assert replaced.status_code == 200 and replaced.json()["countries"] == ["CN"]
    kept = {i["id"]: i["status"] for i in replaced.json()["checklist"]["items"]}
    assert kept[item_id] == "not_applicable"

    assert api.delete(url).json()["status"] == "cancelled"
    assert api.get(url).json()["status"] == "cancelled"


def test_api_refuses_bad_input(api):
    assert api.post("/api/v1/trips", json={"legs": []}).status_code == 422
    trip = api.post("/api/v1/trips", json=itinerary_data()).json()
    url = f"/api/v1/trips/{trip['id']}"
    assert api.put(url, json={"departure": "x"}).status_code == 422
    assert api.patch(f"{url}/items/register-trip", json={"status": "maybe"}).status_code == 422
    assert api.patch(f"{url}/items/nope", json={"status": "done"}).status_code == 404
    assert api.get("/api/v1/trips/0").status_code == 422
    assert api.get("/api/v1/trips/99999").status_code == 404
    assert api.get(f"/api/v1/trips/{2**40}").status_code == 422


def test_openapi_documents_the_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/checklists", "/api/v1/trips", "/api/v1/trips/{trip_id}"} <= set(schema["paths"])
    assert "/trips/new" not in schema["paths"]


def test_checklist_endpoint_matches_the_cli(client, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from travelprep.cli.main import app as cli

    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path))
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(itinerary_data()))
    result = CliRunner().invoke(cli, ["checklist", str(path), "--format", "json", "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    api = client.post("/api/v1/checklists?today=2026-11-21", json=itinerary_data()).json()
    assert api == json.loads(result.output)
