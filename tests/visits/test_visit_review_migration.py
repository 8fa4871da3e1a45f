"""Migration 0015 keeps the visits already saved (active, sequence 0) and takes its tables away again."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, text

from tests.support.databases import downgrade, migrated_engine
from travelprep.db import migrate

pytestmark = pytest.mark.db
NEW_TABLES = {"visit_items", "visit_screening_hits", "visit_screening_decisions"}
USER = text(
    "INSERT INTO users (email, name, role, profile, created_at, session_version, email_reminders) "
    "VALUES ('ada@example.edu', 'Ada', 'traveler', '{}', :now, 0, true)"
)
VISIT = text(
    "INSERT INTO visits (host_id, visit, host_name, host_email, visitor_name, visitor_email, affiliation, "
    "arrive, depart, countries, elevated_risk, screening_hit, created_at, updated_at) "
    "VALUES (1, '{}', 'Ada', 'ada@example.edu', 'Li Wei', '', 'HIT', :arrive, :depart, 'CN', true, true, "
    ":now, :now)"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    yield from migrated_engine(request, tmp_path, prefix="m15", revision=None)


def test_a_visit_saved_before_0015_is_active_after_it_and_downgrade_removes_the_tables(engine):
    migrate.upgrade(engine, "0014")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(USER, {"now": now})
        connection.execute(VISIT, {"arrive": date(2027, 3, 9), "depart": date(2027, 3, 12), "now": now})
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    with engine.connect() as connection:
        row = connection.execute(text("SELECT status, cancelled_at, calendar_sequence FROM visits")).one()
    assert tuple(row) == ("active", None, 0)
    downgrade(engine, "0014")
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert "status" not in {c["name"] for c in inspect(engine).get_columns("visits")}
