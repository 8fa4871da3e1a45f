"""/healthz, /readyz, /metrics, request ids and the JSON access log."""

from __future__ import annotations

import json
import logging
import os
import uuid

import pytest
from fastapi.testclient import TestClient

from tests.support.databases import downgrade
from tests.support.fixtures import itinerary_data, postgres_server  # noqa: F401
from tests.support.postgres import ThrowawayPostgres
from tests.support.web import make_settings, sign_in
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.logs import JsonFormatter
from travelprep.web.app import create_app

pytestmark = pytest.mark.web


def downgrade_to_nothing(engine) -> None:
    """Take the database back before the first migration, as an old copy of it would be."""
    downgrade(engine, "base")


def test_healthz_answers_without_the_database(client, app):
    downgrade_to_nothing(app.state.engine)
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ready_on_a_current_database_with_data(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "data": "ok"}}


def test_readyz_fails_when_the_schema_is_behind(client, app):
    downgrade_to_nothing(app.state.engine)
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = response.json()["checks"]["database"]
    assert f"database schema is at nothing but this version needs {migrate.head_revision()}" in reason
    assert "travelprep db upgrade" in reason


@pytest.mark.db
def test_readyz_fails_when_postgresql_is_behind(tmp_path, postgres_server, rulebook):  # noqa: F811
    url = postgres_server.create_database(f"behind_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    app = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    client = TestClient(app)
    assert client.get("/readyz").status_code == 200
    downgrade_to_nothing(engine)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database schema is at nothing" in response.json()["checks"]["database"]
    app.state.engine.dispose()
    engine.dispose()


@pytest.mark.db
def test_readyz_fails_when_postgresql_is_down(tmp_path, rulebook):
    server = ThrowawayPostgres().start()
    try:
        url = server.create_database("down")
        migrate.upgrade(make_engine(url))
        app = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
        client = TestClient(app)
        assert client.get("/readyz").status_code == 200
    finally:
        server.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"].startswith("database unreachable:")
    assert client.get("/healthz").status_code == 200
    app.state.engine.dispose()


def _metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text, 0 when absent."""
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(part.split("=", 1) for part in line[len(name) + 1 : line.rindex("}")].split(","))
        if all(found.get(k) == json.dumps(v) for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_template_never_by_raw_path(client):
    before = _metric(
        client.get("/metrics").text,
        "travelprep_http_requests_total",
        method="GET",
        route="/trips/{trip_id}",
        status="303",
    )
    client.get("/trips/424242?token=s3cret")
    text = client.get("/metrics").text
    assert (
        _metric(text, "travelprep_http_requests_total", method="GET", route="/trips/{trip_id}", status="303")
        == before + 1
    )
    # Only names and labels can leak a path; sample values are floats whose digits may be anything.
    labelled = "\n".join(line.rsplit(" ", 1)[0] for line in text.splitlines() if line and line[0] != "#")
    assert "424242" not in labelled and "s3cret" not in labelled
    bucket = 'request_duration_seconds_bucket{le="0.005",method="GET",route="/trips/{trip_id}"}'
    assert bucket in text
    client.get("/no/such/page")
    assert 'route="unmatched"' in client.get("/metrics").text


def test_metrics_count_checklists_and_show_data_age(client):
    text = client.get("/metrics").text
    before = _metric(text, "travelprep_checklists_generated_total", via="api")
    traveler = itinerary_data()["traveler"] | {"name": f"Metrics {uuid.uuid4().hex}"}
    body = itinerary_data(traveler=traveler)  # a body never posted before: not an API cache hit
    assert client.post("/api/v1/checklists", json=body).status_code == 200
    text = client.get("/metrics").text
    assert _metric(text, "travelprep_checklists_generated_total", via="api") == before + 1
    assert "# TYPE travelprep_reminders_sent_total counter" in text
    assert _metric(text, "travelprep_data_limit_days", source="State Department travel advisories") == 30
    assert 'travelprep_data_age_days{kind="advisories",origin="shipped"' in text
    assert "travelprep_data_stale{" in text


def test_a_request_id_is_echoed_or_made(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/healthz").headers["x-request-id"]
    assert len(made) == 32
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" {"level": "error"}'}).headers["x-request-id"]
    assert forged != 'x" {"level": "error"}' and len(forged) == 32


def test_access_log_is_one_json_line_without_paths_queries_or_emails(client, caplog):
    sign_in(client, "ada@example.edu", "traveler")
    caplog.set_level(logging.INFO, logger="travelprep.access")
    client.get("/trips/77?code=s3cret", headers={"X-Request-ID": "req-1"})
    records = [r for r in caplog.records if r.name == "travelprep.access"]
    assert records
    line = JsonFormatter().format(records[-1])
    logged = json.loads(line)
    assert logged["message"] == "request" and logged["request_id"] == "req-1"
    assert logged["route"] == "/trips/{trip_id}"
    assert logged["method"] == "GET" and logged["status"] == 404
    assert isinstance(logged["user_id"], int)
    assert logged["duration_ms"] >= 0
    # The trip id must not show; the time and the duration may contain its digits by chance.
    unrelated = (logged["time"], str(logged["duration_ms"]))
    assert "s3cret" not in line and "77" not in line.replace(unrelated[0], "").replace(unrelated[1], "")
    assert "ada@example.edu" not in line


def test_made_request_ids_differ_in_a_forked_worker():
    from travelprep.web.observability import _incoming_request_id

    scope = {"headers": []}
    mine = {_incoming_request_id(scope) for _ in range(3)}
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: report one id and leave at once
        os.write(writer, _incoming_request_id(scope).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    theirs = os.read(reader, 64).decode()
    os.close(reader)
    assert len(mine) == 3 and len(theirs) == 32
    assert theirs[:16] not in {made[:16] for made in mine}  # a new random prefix, not the parent's
