"""Upgrading a SQLite database keeps every row that refers to a rebuilt table.

SQLite alters a table by copying it and dropping the old one; with foreign keys on, the drop
deleted every leg and checklist item of every trip by cascade (migration 0007 rebuilds trips).
"""

import pytest
from sqlalchemy import bindparam, text

from tests.support.fixtures import itinerary_data
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.db.models.base import JsonType

pytestmark = pytest.mark.db

COUNTED = ("trips", "legs", "trip_items", "item_status_changes")


def _seed_at_0004(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO users (id, email, name, role, profile, created_at, email_reminders)"
            " VALUES (1, 'a@example.edu', '', 'traveler', '{}', '2026-01-01', true)"
        )
    )
    for trip_id in (1, 2):
        connection.execute(
            text(
                "INSERT INTO trips (id, user_id, status, itinerary, traveler_name, traveler_email,"
                " departure, return_date, countries, elevated_risk, sanctioned, created_at,"
                " updated_at, calendar_sequence) VALUES (:id, 1, 'active', :itinerary, 'A',"
                " 'a@example.edu', '2027-03-09', '2027-03-20', 'CN', true, false, '2026-01-01',"
                " '2026-01-01', 0)"
            ).bindparams(bindparam("itinerary", type_=JsonType)),
            {"id": trip_id, "itinerary": itinerary_data()},
        )
        for position, country in enumerate(("CN", "JP")):
            connection.execute(
                text(
                    "INSERT INTO legs (trip_id, position, country, city, arrive, depart)"
                    " VALUES (:trip, :position, :country, 'City', '2027-03-10', '2027-03-19')"
                ),
                {"trip": trip_id, "position": position, "country": country},
            )
        connection.execute(
            text(
                "INSERT INTO trip_items (id, trip_id, item_id, title, category, status, note, updated_at)"
                " VALUES (:id, :trip, 'loaner-device', 'Loaner', 'device', 'done', 'ok', '2026-01-01')"
            ),
            {"id": trip_id, "trip": trip_id},
        )
        connection.execute(
            text(
                "INSERT INTO item_status_changes (trip_item_id, at, actor_id, status, note)"
                " VALUES (:item, '2026-01-01', 1, 'done', 'ok')"
            ),
            {"item": trip_id},
        )


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in COUNTED
        }


def test_an_upgrade_from_an_old_schema_keeps_every_leg_item_and_history_row(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(engine, "0004")
    with engine.begin() as connection:
        _seed_at_0004(connection)
    before = _counts(engine)
    assert before == {"trips": 2, "legs": 4, "trip_items": 2, "item_status_changes": 2}
    migrate.upgrade(engine)
    assert _counts(engine) == before
    with engine.connect() as connection:  # and foreign keys are enforced again afterwards
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_a_migration_that_would_leave_dangling_rows_is_rolled_back(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'broken.sqlite3'}")
    migrate.upgrade(engine, "0004")
    with engine.begin() as connection:
        _seed_at_0004(connection)
    raw = engine.raw_connection()  # a trip deleted behind the foreign keys' back leaves its legs
    raw.driver_connection.execute("PRAGMA foreign_keys=OFF")
    raw.driver_connection.execute("DELETE FROM trips WHERE id = 2")
    raw.close()
    with pytest.raises(migrate.ForeignKeysBroken, match="refer to missing rows"):
        migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0004"  # nothing of the upgrade was kept
    engine.dispose()
