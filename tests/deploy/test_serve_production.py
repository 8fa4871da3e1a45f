"""The real server as compose runs it: entrypoint, production settings, secrets as files, PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.support.fixtures import itinerary_data, postgres_server  # noqa: F401
from tests.support.postgres import free_port

pytestmark = [pytest.mark.db, pytest.mark.web]

ROOT = Path(__file__).resolve().parents[2]


def _compose_like_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "secret_key").write_text(uuid.uuid4().hex * 2 + "\n")
    (secrets / "database_url").write_text(database_url + "\n")
    (secrets / "oidc_client_secret").write_text("oidc-secret\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAVELPREP_", "PROMETHEUS_"))}
    return env | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "TRAVELPREP_ENV": "production",
        "TRAVELPREP_DATA_DIR": str(tmp_path / "data"),
        "TRAVELPREP_DATABASE_URL_FILE": str(secrets / "database_url"),
        "TRAVELPREP_SECRET_KEY_FILE": str(secrets / "secret_key"),
        "TRAVELPREP_AUTH_MODE": "oidc",
        "TRAVELPREP_OIDC_ISSUER": "https://idp.example.edu",
        "TRAVELPREP_OIDC_CLIENT_ID": "travelprep",
        "TRAVELPREP_OIDC_CLIENT_SECRET_FILE": str(secrets / "oidc_client_secret"),
        "TRAVELPREP_TRUSTED_PROXIES": '["127.0.0.1"]',
    }


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server stopped:\n{log.read_text()}"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the server did not answer within 90 s:\n{log.read_text()}")


def _requests_counted(metrics: str, route: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("travelprep_http_requests_total{") and f'route="{route}"' in line
    )


def test_two_workers_on_postgresql_under_production_settings(tmp_path, postgres_server):  # noqa: F811
    env = _compose_like_env(tmp_path, postgres_server.create_database(f"serve_{uuid.uuid4().hex[:12]}"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [
                "bash",
                str(ROOT / "docker" / "entrypoint.sh"),
                "travelprep",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=env,
            stdout=stderr,
            stderr=stderr,
        )
    try:
        _wait_until_up(base, server, log)
        ready = httpx.get(f"{base}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text

        for _ in range(20):  # new connections each: the two workers share them
            assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
        metrics = httpx.get(f"{base}/metrics", timeout=10)
        assert metrics.status_code == 200
        # Whichever worker answers /metrics, it adds up what both counted.
        assert _requests_counted(metrics.text, "/healthz") >= 20
        assert "travelprep_data_age_days{" in metrics.text

        checklist = httpx.post(
            f"{base}/api/v1/checklists",
            json=itinerary_data(),
            headers={"X-Request-ID": "compose-test-1"},
            timeout=30,
        )
        assert checklist.status_code == 200, checklist.text
        assert checklist.headers["x-request-id"] == "compose-test-1"
        assert checklist.json()["destinations"][0]["country"] == "CN"

        token = (
            subprocess.run(
                ["travelprep", "tokens", "create", "--email", "ada@example.edu"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        trips = httpx.get(
            f"{base}/api/v1/trips?since=s3cret", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert trips.status_code == 200 and trips.json() == []
        # The dev sign-in does not exist in production.
        dev_signin = httpx.post(f"{base}/signin", data={"email": "a@example.edu"}, timeout=5)
        assert dev_signin.status_code in (403, 404)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "travelprep.access"]
    assert any(
        line["request_id"] == "compose-test-1" and line["route"] == "/api/v1/checklists" for line in access
    )
    assert any(line["route"] == "/api/v1/trips" and isinstance(line["user_id"], int) for line in access)
    assert "s3cret" not in log.read_text() and token not in log.read_text()
    assert any(line["logger"].startswith("uvicorn") for line in lines)  # uvicorn's own lines are JSON too
