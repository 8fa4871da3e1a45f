"""Runtime settings, read once from TRAVELPREP_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from travelprep import paths

DEV_SECRET_KEY = "dev-only-secret-change-me"

# Settings that may hold a secret; each can also be read from a file named by <NAME>_FILE
# (Docker and Kubernetes secrets), e.g. TRAVELPREP_SECRET_KEY_FILE=/run/secrets/secret_key.
SECRET_FIELDS = ("secret_key", "database_url", "oidc_client_secret", "smtp_password")


class Settings(BaseSettings):
    """Every knob of the web app and the database, with development defaults."""

    model_config = SettingsConfigDict(env_prefix="TRAVELPREP_", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = Field(default_factory=paths.data_dir)
    database_url: str = ""  # empty: a SQLite file in data_dir
    secret_key: str = DEV_SECRET_KEY
    session_max_age: int = 14 * 24 * 3600  # seconds
    # Days after a loaner's return date that the device stays reserved to be wiped.
    loaner_wipe_buffer_days: int = Field(default=2, ge=0, le=30)

    # Sign-in: "dev" (pick an email and role; development only), "oidc" or "proxy".
    auth_mode: Literal["dev", "oidc", "proxy"] = "dev"
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    proxy_header: str = "REMOTE_USER"
    # Addresses or CIDR networks ("10.0.0.0/8") whose proxy header is believed; none by default,
    # since any local process could otherwise name itself admin.
    trusted_proxies: list[str] = Field(default_factory=list)
    # Failed sign-ins and bad bearer tokens per client address before it gets 429 for a while.
    signin_failures_allowed: int = Field(10, ge=1)
    signin_failure_window_seconds: float = Field(300.0, gt=0)

    # Links in calendar events and emails point here; calendar UIDs use its host name unless
    # CALENDAR_UID_DOMAIN is set (set that once and keep it: changing it duplicates events).
    public_base_url: str = "http://127.0.0.1:8000"
    calendar_uid_domain: str = ""
    calendar_cancelled_days: int = Field(30, ge=0)  # cancelled trips stay in feeds, marked so
    ics_upload_max_bytes: int = Field(1_000_000, ge=1)
    ics_uploads_per_minute: int = Field(10, ge=1)  # per client address, on the anonymous API
    # A parse of a user's file runs in a child process with these limits: more memory is a
    # 413, more CPU time a 422 (web/parse_worker.py).
    parse_memory_mb: int = Field(256, ge=16)
    parse_cpu_seconds: int = Field(5, ge=1)

    # Email reminders (`travelprep reminders send`).
    reminder_window_days: int = Field(7, ge=0)
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")  # shown as ********** if settings are ever printed
    smtp_timeout: float = 30.0
    mail_from: str = "TravelPrep <travelprep@localhost>"

    secret_key_file: Path | None = None
    database_url_file: Path | None = None
    oidc_client_secret_file: Path | None = None
    smtp_password_file: Path | None = None
    # SQLite is one file on one machine: refused in production unless the site says so.
    allow_sqlite_in_production: bool = False
    # How often a running app looks for newly imported data (stat of the CURRENT files).
    data_check_seconds: float = Field(default=10.0, ge=0)
    # When the app starts with, or notices, data not yet evaluated, a child process
    # re-evaluates the saved trips (reevaluation/background.py); the scheduler does it hourly too.
    reevaluate_in_background: bool = True
    # Operations: one JSON line per request on stderr ("info"), or only problems ("warning").
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @model_validator(mode="after")
    def _read_secret_files(self) -> Settings:
        for name in SECRET_FIELDS:
            path = getattr(self, f"{name}_file")
            if path is None:
                continue
            variable = f"TRAVELPREP_{name.upper()}"
            if name in self.model_fields_set:
                raise ValueError(f"{variable} and {variable}_FILE are both set: keep one")
            try:
                value = Path(path).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ValueError(f"{variable}_FILE: cannot read {path}: {error.strerror}") from None
            if not value:
                raise ValueError(f"{variable}_FILE: {path} is empty")
            field_type = type(getattr(self, name))
            object.__setattr__(self, name, SecretStr(value) if field_type is SecretStr else value)
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError(
                    "TRAVELPREP_SECRET_KEY must be set to a random value of 32+ characters in production"
                )
            if self.auth_mode == "dev":
                raise ValueError("TRAVELPREP_AUTH_MODE=dev is refused in production: use oidc or proxy")
            if self.auth_mode == "proxy" and not self.trusted_proxies:
                raise ValueError(
                    "TRAVELPREP_AUTH_MODE=proxy needs TRAVELPREP_TRUSTED_PROXIES in production: "
                    'the address or network of your reverse proxy, e.g. ["10.0.0.0/8"]'
                )
            if self.effective_database_url.startswith("sqlite") and not self.allow_sqlite_in_production:
                raise ValueError(
                    "SQLite is refused in production: set TRAVELPREP_DATABASE_URL to a PostgreSQL "
                    "database, or TRAVELPREP_ALLOW_SQLITE_IN_PRODUCTION=true for a single-machine site"
                )
        if self.auth_mode == "oidc" and not (
            self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret
        ):
            raise ValueError(
                "TRAVELPREP_AUTH_MODE=oidc needs TRAVELPREP_OIDC_ISSUER, "
                "TRAVELPREP_OIDC_CLIENT_ID and TRAVELPREP_OIDC_CLIENT_SECRET"
            )
        return self

    @property
    def is_development(self) -> bool:
        """True when the app may offer the dev sign-in and plain-HTTP cookies."""
        return self.env == "development"

    @property
    def uid_domain(self) -> str:
        """The right-hand side of calendar UIDs."""
        return self.calendar_uid_domain or urlsplit(self.public_base_url).hostname or "travelprep.invalid"

    def public_url(self, path: str) -> str:
        """An absolute URL of a page, for calendars and emails."""
        return self.public_base_url.rstrip("/") + path

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the default SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'travelprep.sqlite3').resolve()}"


def settings_problems(error: ValidationError) -> list[str]:
    """The messages of a settings validation error, in words an operator can act on."""
    problems = []
    for found in error.errors():
        where = ".".join(str(p) for p in found.get("loc", ()))
        message = found["msg"].removeprefix("Value error, ")
        problems.append(f"TRAVELPREP_{where.upper()}: {message}" if where else message)
    return problems


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
