"""Production answers carry strict security headers; backups and the SQLite file are owner-only."""

from __future__ import annotations

import shutil
import stat

import pytest
from fastapi.testclient import TestClient

from tests.support.web import make_settings
from travelprep.db.backup import backup
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app

pytestmark = pytest.mark.web


@pytest.fixture
def production_app(tmp_path, migrated_sqlite, rulebook):
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(
        tmp_path,
        env="production",
        secret_key="s" * 40,
        auth_mode="proxy",
        trusted_proxies=["testclient"],
        allow_sqlite_in_production=True,
    )
    app = create_app(settings, rulebook=rulebook)
    yield app
    app.state.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/v1/ping", "/trips", "/no-such-page"])
def test_every_production_answer_has_the_security_headers(production_app, path):
    with TestClient(production_app, follow_redirects=False) as client:
        headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["strict-transport-security"].startswith("max-age=")


def test_the_pages_have_no_inline_script_or_style_for_the_policy_to_block(production_app):
    with TestClient(production_app, follow_redirects=False) as client:
        page = client.get("/trips", headers={"REMOTE_USER": "ada@example.edu"}).text
    assert "<script" not in page and "<style" not in page and " style=" not in page


def test_swagger_from_a_cdn_is_off_in_production(production_app):
    with TestClient(production_app) as client:
        assert client.get("/api/docs").status_code == 404
        assert client.get("/api/v1/openapi.json").status_code == 200


def test_development_sends_no_hsts(client):
    assert "strict-transport-security" not in client.get("/healthz").headers


def test_a_new_sqlite_file_and_its_backup_are_owner_only(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
    engine.dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    target = tmp_path / "backups" / "copy.sqlite3"
    backup(f"sqlite:///{database}", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
