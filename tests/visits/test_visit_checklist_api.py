"""`POST /api/v1/visit-checklists`: a visit in, the host's checklist out; no sign-in, nothing saved."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from tests.support.fixtures import TODAY
from tests.visit_builders import visit_data, visitor_from
from travelprep.cli.main import app as cli
from travelprep.engine.visit import parse_visit
from travelprep.engine.visit_checklist import generate_visit_checklist

pytestmark = pytest.mark.web


def test_the_answer_is_the_engine_s_and_in_the_contract_shape(client, rulebook):
    data = visit_data(visitor=visitor_from("CN", "Harbin Institute of Technology"), visa="B")
    response = client.post("/api/v1/visit-checklists?today=2026-12-01", json=data)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = generate_visit_checklist(parse_visit(data), rulebook, TODAY.replace(month=12, day=1))
    assert body == expected.to_data()
    assert body["generated_on"] == "2026-12-01" and body["visit"]["days_until_arrival"] == 98
    (china,) = body["visitor_countries"]
    assert {
        "country",
        "region",
        "name",
        "elevated_risk",
        "sanctioned",
        "ear_groups",
        "advisory_level",
        "encryption_restricted",
        "vpn_restricted",
    } <= set(china)
    assert [r["query"] for r in body["screening"]] == ["Harbin Institute of Technology", "Marie Dupont"]
    assert body["screening"][0]["matches"][0]["score"] == 1.0
    item = next(i for i in body["items"] if i["id"] == "visitor-restricted-party-match")
    assert {
        "id",
        "category",
        "priority",
        "title",
        "due",
        "overdue",
        "short_notice",
        "reasons",
        "links",
    } <= set(item)


def test_nothing_is_saved_and_no_sign_in_is_needed(client, app):
    before = _row_counts(app)
    assert client.post("/api/v1/visit-checklists", json=visit_data()).status_code == 200
    assert _row_counts(app) == before


def _row_counts(app) -> dict[str, int]:
    engine = app.state.engine
    with engine.connect() as connection:
        names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
        return {n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def test_bad_visit_is_422_naming_each_field(client):
    bad = visit_data(colour="blue", visitor={"citizenships": ["XX"]}, depart="2027-03-01")
    response = client.post("/api/v1/visit-checklists", json=bad)
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["detail"]}
    assert {"colour", "visitor.citizenships[0]"} <= set(fields), fields


def test_dates_outside_the_policy_window_are_refused(client):
    response = client.post(
        "/api/v1/visit-checklists", json=visit_data(arrive="9999-01-01", depart="9999-01-02")
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"arrive", "depart"}


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null", '{"a":' * 40 + "1" + "}" * 40])
def test_malformed_body_is_422(client, body):
    response = client.post(
        "/api/v1/visit-checklists", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422


def test_hostile_text_comes_back_as_data_not_markup(client):
    data = visit_data(visitor={"name": "<script>alert(1)</script>\r\nX-Injected: yes"})
    response = client.post("/api/v1/visit-checklists", json=data)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    names = [r["query"] for r in response.json()["screening"]]
    assert names[-1] == "<script>alert(1)</script> X-Injected: yes"


def test_bad_today_is_422(client):
    response = client.post("/api/v1/visit-checklists?today=2026-02-30", json=visit_data())
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "today"


def test_openapi_documents_the_visit(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/visit-checklists" in schema["paths"]
    assert {"host", "visitor", "arrive", "depart", "purposes"} <= set(
        schema["components"]["schemas"]["Visit"]["properties"]
    )


def test_the_api_and_the_cli_give_the_same_checklist(client, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path))
    data = visit_data(
        visitor=visitor_from("RU", "Moscow State University"), payments={"host_pays_visitor": True}
    )
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(
        cli, ["visit-checklist", str(path), "--format", "json", "--today", "2026-11-21"]
    )
    assert result.exit_code == 0, result.output
    api = client.post("/api/v1/visit-checklists?today=2026-11-21", json=data).json()
    assert api == json.loads(result.output)
