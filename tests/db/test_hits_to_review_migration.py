"""Migration 0016 marks the trips saved before it whose stored hits await review, on both databases."""

import pytest
from sqlalchemy import inspect, text

from tests.support.databases import downgrade, migrated_engine
from travelprep.db import migrate

pytestmark = pytest.mark.db

HIT = (
    "INSERT INTO screening_hits (trip_id, query_key, query, entity_id, listed_name, alias, list_name,"
    " list_source, list_version, score, why, first_seen_on, new_since, withdrawn_on) VALUES (:trip,"
    " 'harbin institute of technology', 'Harbin Institute of Technology', :entity, 'HIT', '', 'DoD 1260H',"
    " 'https://example.test', '2025-01-07', 0.97, 'exact', '2026-11-01', NULL, :withdrawn)"
)
DECISION = (
    "INSERT INTO screening_decisions (trip_id, query_key, query, entity_id, listed_name, decision, note,"
    " decided_by, decided_at) VALUES (:trip, 'harbin institute of technology',"
    " 'Harbin Institute of Technology', :entity, 'HIT', :decision, 'Checked.', 1, '2026-11-02')"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0014(request, tmp_path):
    yield from migrated_engine(request, tmp_path, prefix="m16", revision="0014")


def test_trips_with_hits_to_review_are_marked_and_the_rest_are_not(engine_at_0014):
    # trip: (its hits as (entity, withdrawn on), its decisions as (entity, decision))
    trips = {
        1: ([("e1", None)], []),  # listed, undecided: to review
        2: ([("e1", None)], [("e1", "cleared")]),  # cleared: done
        3: ([("e1", "2026-11-20")], [("e1", "escalated")]),  # escalated, since withdrawn: to review
        4: ([("e1", "2026-11-20")], []),  # withdrawn, undecided: done
        5: ([("e1", None), ("e2", None)], [("e1", "false_positive")]),  # one of two still undecided
        6: ([], []),  # no hits
    }
    with engine_at_0014.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, name, role, profile, created_at, email_reminders)"
                " VALUES (1, 'a@example.edu', '', 'compliance', '{}', '2026-01-01', true)"
            )
        )
        for trip_id, (hits, decisions) in trips.items():
            connection.execute(
                text(
                    "INSERT INTO trips (id, user_id, status, itinerary, traveler_name, traveler_email,"
                    " departure, return_date, countries, elevated_risk, sanctioned, names_institutions,"
                    " created_at, updated_at, calendar_sequence) VALUES (:id, 1, 'active', '{}', 'A',"
                    " 'a@example.edu', '2027-03-09', '2027-03-20', 'CN', false, false, true,"
                    " '2026-01-01', '2026-01-01', 0)"
                ),
                {"id": trip_id},
            )
            for entity, withdrawn in hits:
                connection.execute(text(HIT), {"trip": trip_id, "entity": entity, "withdrawn": withdrawn})
            for entity, decision in decisions:
                connection.execute(text(DECISION), {"trip": trip_id, "entity": entity, "decision": decision})
    migrate.upgrade(engine_at_0014)
    with engine_at_0014.connect() as connection:
        marked = connection.execute(text("SELECT id FROM trips WHERE hits_to_review ORDER BY id")).all()
        # On SQLite a copied trips table would have taken the hits with it (ON DELETE CASCADE).
        assert connection.execute(text("SELECT count(*) FROM screening_hits")).scalar() == 6
    assert [row[0] for row in marked] == [1, 3, 5]
    assert "ix_trips_hits_to_review" in {i["name"] for i in inspect(engine_at_0014).get_indexes("trips")}

    downgrade(engine_at_0014, "0014")
    assert "hits_to_review" not in {c["name"] for c in inspect(engine_at_0014).get_columns("trips")}
    with engine_at_0014.connect() as connection:  # the way down keeps every trip's stored hits
        assert connection.execute(text("SELECT count(*) FROM screening_hits")).scalar() == 6
