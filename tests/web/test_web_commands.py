"""`travelprep db upgrade`, `travelprep tokens ...`, settings, and the schema check at start-up."""

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from travelprep.cli.main import app as cli
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.settings import Settings, get_settings
from travelprep.web.app import create_app

pytestmark = pytest.mark.web


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRAVELPREP_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def test_db_upgrade_creates_the_sqlite_file(data_dir):
    result = _run("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert (data_dir / "travelprep.sqlite3").exists()
    assert f"database at {migrate.head_revision()}" in result.output


def test_tokens_create_prints_the_token_alone_on_its_last_line(data_dir, rulebook):
    _run("db", "upgrade")
    result = _run("tokens", "create", "--email", "Ada@Example.edu", "--role", "compliance")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("tp_") and " " not in token
    app = create_app(Settings(data_dir=data_dir), rulebook=rulebook)
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/trips").status_code == 200

    revoked = _run("tokens", "revoke", token)
    assert revoked.exit_code == 0 and "revoked 1" in revoked.output
    assert client.get("/api/v1/trips").status_code == 401
    assert _run("tokens", "revoke", token).exit_code == 1
    assert "revoked" in _run("tokens", "list", "--email", "ada@example.edu").output


def test_tokens_create_refuses_unknown_role(data_dir):
    _run("db", "upgrade")
    result = _run("tokens", "create", "--email", "a@example.edu", "--role", "root")
    assert result.exit_code == 2


def test_commands_refuse_a_database_that_is_behind(data_dir):
    result = _run("tokens", "create", "--email", "a@example.edu")
    assert result.exit_code == 1
    assert _run("serve").exit_code == 1


def test_app_refuses_to_start_on_a_schema_that_is_behind(tmp_path, rulebook):
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(migrate.SchemaBehind):
        create_app(settings, rulebook=rulebook)
    migrate.upgrade(make_engine(settings.effective_database_url))
    assert create_app(settings, rulebook=rulebook) is not None


def test_production_refuses_the_development_secret_and_sign_in():
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(env="production", auth_mode="proxy")
    with pytest.raises(ValueError, match="AUTH_MODE=dev"):
        Settings(env="production", secret_key="k" * 40)
    production = Settings(
        env="production",
        secret_key="k" * 40,
        auth_mode="proxy",
        trusted_proxies=["10.0.0.5"],
        database_url="postgresql+psycopg://db/tp",
    )
    assert production.env == "production"


def test_oidc_needs_its_settings():
    with pytest.raises(ValueError, match="OIDC"):
        Settings(auth_mode="oidc")


def test_database_url_defaults_to_sqlite_in_the_data_dir(tmp_path):
    assert Settings(data_dir=tmp_path).effective_database_url.endswith("travelprep.sqlite3")
    assert Settings(database_url="postgresql+psycopg://x/y").effective_database_url.startswith("postgresql")


def test_oidc_mode_offers_the_provider_and_refuses_dev_sign_in(tmp_path, migrated_sqlite, rulebook):
    import shutil

    from tests.support.web import make_settings

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(
        tmp_path,
        auth_mode="oidc",
        oidc_issuer="https://idp.example.edu",
        oidc_client_id="travelprep",
        oidc_client_secret="secret",
    )
    app = create_app(settings, rulebook=rulebook)
    client = TestClient(app, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert 'href="/auth/oidc/login' in client.get("/signin").text
    assert client.post("/signin", data={"email": "a@example.edu", "role": "admin"}).status_code == 404


def test_oidc_routes_are_absent_in_dev_mode(client):
    assert client.get("/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback").status_code == 404


def test_tokens_create_changes_a_role_only_when_asked_and_says_what_changed(data_dir):
    from travelprep.accounts import repository as users
    from travelprep.db.engine import make_session_factory

    _run("db", "upgrade")
    first = _run("tokens", "create", "--email", "officer@example.edu", "--role", "compliance")
    assert first.exit_code == 0 and "new user officer@example.edu, role compliance" in first.output
    again = _run("tokens", "create", "--email", "officer@example.edu")  # no --role: a second token
    assert again.exit_code == 0 and "changed" not in again.output
    assert "(compliance)" in again.output
    demoted = _run("tokens", "create", "--email", "officer@example.edu", "--role", "traveler")
    assert "role of officer@example.edu changed: compliance -> traveler" in demoted.output
    engine = make_engine(get_settings().effective_database_url)
    with make_session_factory(engine)() as session:
        assert users.get_by_email(session, email="officer@example.edu").role == "traveler"
    engine.dispose()
