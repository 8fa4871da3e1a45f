"""Migration 0007 marks the trips saved before it that name institutions, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import bindparam, text

from tests.support.databases import migrated_engine
from tests.support.fixtures import itinerary_data
from travelprep.db import migrate
from travelprep.db.models.base import JsonType

pytestmark = pytest.mark.db


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0004(request, tmp_path):
    yield from migrated_engine(request, tmp_path, prefix="m5", revision="0004")


def test_existing_trips_that_name_institutions_are_marked_for_screening(engine_at_0004):
    with engine_at_0004.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, name, role, profile, created_at, email_reminders)"
                " VALUES (1, 'a@example.edu', '', 'traveler', '{}', '2026-01-01', true)"
            )
        )
        for trip_id, institutions in ((1, ["Harbin Institute of Technology"]), (2, []), (3, None)):
            data = itinerary_data(institutions=institutions) if institutions is not None else itinerary_data()
            if institutions is None:
                data.pop("institutions")
            connection.execute(
                text(
                    "INSERT INTO trips (id, user_id, status, itinerary, traveler_name, traveler_email,"
                    " departure, return_date, countries, elevated_risk, sanctioned, created_at,"
                    " updated_at, calendar_sequence) VALUES (:id, 1, 'active', :itinerary, 'A',"
                    " 'a@example.edu', '2027-03-09', '2027-03-20', 'CN', false, false, '2026-01-01',"
                    " '2026-01-01', 0)"
                ).bindparams(bindparam("itinerary", type_=JsonType)),
                {"id": trip_id, "itinerary": data},
            )
    migrate.upgrade(engine_at_0004)
    with engine_at_0004.connect() as connection:
        marked = connection.execute(text("SELECT id FROM trips WHERE names_institutions ORDER BY id")).all()
    assert [row[0] for row in marked] == [1]
