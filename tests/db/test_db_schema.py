"""The migrations build the schema the models describe, and the app refuses a stale schema."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from travelprep.accounts import repository as users
from travelprep.db import audit, migrate
from travelprep.db.engine import make_engine
from travelprep.db.models import AuditEvent, Base

pytestmark = pytest.mark.db


def test_migrations_match_the_models(db_engine):
    with db_engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrated_database_is_current(db_engine):
    assert migrate.current_revision(db_engine) == migrate.head_revision()
    migrate.ensure_current(db_engine)


def test_empty_database_is_refused_with_the_command_to_run(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(migrate.SchemaBehind, match="travelprep db upgrade"):
        migrate.ensure_current(engine)


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_audit_log_refuses_updates_and_deletes(db_session):
    user = users.get_or_create(db_session, email="ada@example.edu")
    audit.record(db_session, actor=user, action="test", object_type="user", object_id=user.id)
    db_session.flush()
    for statement in ("UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
            db_session.execute(text(statement))
    assert [e.action for e in db_session.query(AuditEvent)] == ["test"]
