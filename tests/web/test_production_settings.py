"""Production settings: secrets from *_FILE paths, and the refusals that keep a site safe."""

import pytest
from pydantic import ValidationError

from travelprep.settings import DEV_SECRET_KEY, Settings, settings_problems

POSTGRES = "postgresql+psycopg://travelprep@db/travelprep"
SAFE = {
    "env": "production",
    "secret_key": "s" * 40,
    "auth_mode": "proxy",
    "trusted_proxies": ["10.0.0.0/8"],
    "database_url": POSTGRES,
}


def _problems(**values) -> str:
    with pytest.raises(ValidationError) as caught:
        Settings(**values)
    return "\n".join(settings_problems(caught.value))


def test_a_safe_production_configuration_is_accepted():
    assert Settings(**SAFE).env == "production"


def test_production_refuses_the_development_secret():
    assert "TRAVELPREP_SECRET_KEY must be set" in _problems(**SAFE | {"secret_key": DEV_SECRET_KEY})


def test_production_refuses_a_short_secret():
    assert "32+ characters" in _problems(**SAFE | {"secret_key": "short"})


def test_production_refuses_the_development_sign_in():
    assert "TRAVELPREP_AUTH_MODE=dev is refused in production" in _problems(**SAFE | {"auth_mode": "dev"})


def test_production_refuses_sqlite_unless_allowed(tmp_path):
    message = _problems(**SAFE | {"database_url": "", "data_dir": tmp_path})
    assert "SQLite is refused in production" in message
    assert "TRAVELPREP_ALLOW_SQLITE_IN_PRODUCTION=true" in message
    allowed = Settings(**SAFE | {"database_url": "", "data_dir": tmp_path}, allow_sqlite_in_production=True)
    assert allowed.effective_database_url.startswith("sqlite")


def test_development_accepts_its_defaults():
    assert Settings(env="development").secret_key == DEV_SECRET_KEY


def test_secrets_come_from_files(tmp_path):
    (tmp_path / "key").write_text("k" * 40 + "\n")
    (tmp_path / "db").write_text(POSTGRES)
    (tmp_path / "oidc").write_text("client-secret")
    settings = Settings(
        env="production",
        auth_mode="oidc",
        oidc_issuer="https://idp.example.edu",
        oidc_client_id="travelprep",
        secret_key_file=tmp_path / "key",
        database_url_file=tmp_path / "db",
        oidc_client_secret_file=tmp_path / "oidc",
    )
    assert settings.secret_key == "k" * 40  # the trailing newline of the file is dropped
    assert settings.database_url == POSTGRES
    assert settings.oidc_client_secret == "client-secret"


def test_the_smtp_password_comes_from_a_file_and_stays_secret(tmp_path):
    (tmp_path / "smtp").write_text("mail-pa55\n")
    settings = Settings(**SAFE, smtp_password_file=tmp_path / "smtp")
    assert settings.smtp_password.get_secret_value() == "mail-pa55"
    assert "mail-pa55" not in repr(settings)


def test_secret_files_are_read_from_the_environment(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("e" * 40)
    monkeypatch.setenv("TRAVELPREP_SECRET_KEY_FILE", str(tmp_path / "key"))
    assert Settings().secret_key == "e" * 40


def test_a_missing_or_empty_secret_file_is_named(tmp_path):
    assert f"TRAVELPREP_SECRET_KEY_FILE: cannot read {tmp_path / 'nope'}" in _problems(
        secret_key_file=tmp_path / "nope"
    )
    (tmp_path / "empty").write_text("\n")
    assert "is empty" in _problems(secret_key_file=tmp_path / "empty")


def test_a_secret_and_its_file_together_are_refused(tmp_path):
    (tmp_path / "key").write_text("k" * 40)
    message = _problems(secret_key="x" * 40, secret_key_file=tmp_path / "key")
    assert "TRAVELPREP_SECRET_KEY and TRAVELPREP_SECRET_KEY_FILE are both set" in message


def test_a_production_secret_file_holding_the_development_secret_is_refused(tmp_path):
    (tmp_path / "key").write_text(DEV_SECRET_KEY)
    values = SAFE | {"secret_key_file": tmp_path / "key"}
    del values["secret_key"]
    assert "TRAVELPREP_SECRET_KEY must be set" in _problems(**values)
