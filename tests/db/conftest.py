"""Database tests run against SQLite and PostgreSQL alike."""

from tests.support.fixtures import db_engine, db_session, postgres_server  # noqa: F401
