"""`travelprep db backup`: a backup restored into a fresh app has every trip."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import uuid

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.support.postgres import find_bindir
from tests.support.web import ORIGIN, create_trip, make_settings, sign_in
from travelprep.cli.main import app as cli
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.settings import get_settings
from travelprep.web.app import create_app

pytestmark = pytest.mark.db


@pytest.fixture
def settings_env(monkeypatch):
    """Point the CLI's settings at a data directory and database, as the environment would."""

    def point(data_dir, database_url: str = "") -> None:
        monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(data_dir))
        monkeypatch.setenv("TRAVELPREP_DATABASE_URL", database_url)
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()


def _app(data_dir, rulebook, database_url: str | None = None):
    overrides = {"database_url": database_url} if database_url else {}
    return create_app(make_settings(data_dir, **overrides), rulebook=rulebook)


def _save_trips(app, count: int = 3) -> set[str]:
    client = TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False)
    ids = set()
    for n in range(count):
        sign_in(client, f"traveler{n}@example.edu")
        ids.add(str(create_trip(client, **{"legs[0].city": f"City {n}"})))
    return ids


def _trips_seen_by_staff(app) -> set[str]:
    client = TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(client, "officer@example.edu", "compliance")
    rows = csv.DictReader(io.StringIO(client.get("/staff/trips.csv").text))
    return {row["trip"] for row in rows}


def test_sqlite_backup_restores_every_trip_and_refuses_to_overwrite(tmp_path, settings_env, rulebook):
    live, restored = tmp_path / "live", tmp_path / "restored"
    live.mkdir()
    migrate.upgrade(make_engine(f"sqlite:///{live / 'travelprep.sqlite3'}"))
    app = _app(live, rulebook)
    saved = _save_trips(app)

    settings_env(live)
    target = tmp_path / "backups" / "travelprep.sqlite3"
    result = CliRunner().invoke(cli, ["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "SQLite online backup" in result.output
    again = CliRunner().invoke(cli, ["db", "backup", str(target)])
    assert again.exit_code == 1 and "--force" in again.output
    assert CliRunner().invoke(cli, ["db", "backup", str(target), "--force"]).exit_code == 0
    app.state.engine.dispose()

    restored.mkdir()
    shutil.copy(target, restored / "travelprep.sqlite3")
    fresh = _app(restored, rulebook)
    assert _trips_seen_by_staff(fresh) == saved
    fresh.state.engine.dispose()


def test_postgresql_backup_by_pg_dump_restores_every_trip(tmp_path, settings_env, postgres_server, rulebook):
    url = postgres_server.create_database(f"live_{uuid.uuid4().hex[:12]}")
    migrate.upgrade(make_engine(url))
    app = _app(tmp_path, rulebook, url)
    saved = _save_trips(app)

    settings_env(tmp_path, url)
    target = tmp_path / "travelprep.dump"
    result = CliRunner().invoke(cli, ["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "pg_dump" in result.output
    app.state.engine.dispose()

    copy = postgres_server.create_database(f"restored_{uuid.uuid4().hex[:12]}")
    database = copy.rsplit("/", 1)[1]
    restore = subprocess.run(
        [
            str(find_bindir() / "pg_restore"),
            "--no-owner",
            "-h",
            "127.0.0.1",
            "-p",
            str(postgres_server.port),
            "-U",
            "postgres",
            "-d",
            database,
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr
    fresh = _app(tmp_path, rulebook, copy)  # refuses to start unless the schema came back current
    assert _trips_seen_by_staff(fresh) == saved
    fresh.state.engine.dispose()
