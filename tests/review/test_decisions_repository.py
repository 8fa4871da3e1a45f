"""The screening_decisions table on SQLite and PostgreSQL: one row per trip, name and entity."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.review.conftest import LISTED
from tests.review.helpers import ENTITY
from tests.support.fixtures import TODAY, db_engine, db_session, itinerary_data  # noqa: F401
from travelprep.accounts import repository as users
from travelprep.db.models import ScreeningDecision
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.review import repository as screening_decisions
from travelprep.screening.clearance import query_key
from travelprep.trips import repository as trips

pytestmark = pytest.mark.db


@pytest.fixture
def saved(db_session, rulebook):  # noqa: F811
    user = users.get_or_create(db_session, email="officer@example.edu", role="compliance")
    itinerary = parse_itinerary(itinerary_data(institutions=[LISTED]))
    checklist = generate_checklist(itinerary, rulebook, TODAY)
    trip = trips.create(db_session, user=user, itinerary=itinerary, checklist=checklist)
    return user, trip


def _decide(session, user, trip, decision):
    return screening_decisions.upsert(
        session,
        trip=trip,
        query_key=query_key(LISTED),
        query=LISTED,
        entity_id=ENTITY,
        listed_name="Harbin Institute of Technology",
        decision=decision,
        note="n",
        actor=user,
    )


def test_a_revision_updates_the_one_row_and_returns_what_it_was(db_session, saved):  # noqa: F811
    user, trip = saved
    assert _decide(db_session, user, trip, "escalated")[1] is None
    row, previous = _decide(db_session, user, trip, "cleared")
    assert previous == "escalated"
    assert db_session.query(ScreeningDecision).count() == 1
    assert screening_decisions.cleared_pairs([row]) == {(query_key(LISTED), ENTITY)}


def test_the_database_refuses_duplicates_and_unknown_decisions(db_session, saved):  # noqa: F811
    user, trip = saved
    _decide(db_session, user, trip, "escalated")
    insert = text(
        "INSERT INTO screening_decisions (trip_id, query_key, query, entity_id, listed_name, decision, "
        "note, decided_by, decided_at) VALUES (:trip, :key, 'q', :entity, 'n', :decision, 'n', :user, "
        "CURRENT_TIMESTAMP)"
    )
    values = {"trip": trip.id, "user": user.id, "entity": ENTITY}
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(insert, values | {"key": query_key(LISTED), "decision": "cleared"})
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(insert, values | {"key": "other", "decision": "approved"})
