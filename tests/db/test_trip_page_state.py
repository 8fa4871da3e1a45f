"""The trip page's state and viewer: one light statement that reads what loaded rows would give."""

from datetime import date

import pytest

from tests.support.fixtures import TODAY, itinerary_data
from tests.support.web import statements_run
from travelprep.accounts import repository as users
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.loaner import repository as loaner
from travelprep.review import repository as screening_decisions
from travelprep.trips import repository as trips
from travelprep.trips.page_state import TripPageState, Viewer, page_state

pytestmark = pytest.mark.db


def _saved_trip(session, rulebook):
    user = users.get_or_create(session, email="ada@example.edu")
    itinerary = parse_itinerary(itinerary_data())
    checklist = generate_checklist(itinerary, rulebook, TODAY)
    return user, trips.create(session, user=user, itinerary=itinerary, checklist=checklist)


def test_state_is_what_the_loaded_rows_give_in_one_statement(db_session, rulebook):
    user, trip = _saved_trip(db_session, rulebook)
    item = next(iter(trips.item_statuses(db_session, trip_id=trip.id)))
    trips.set_item_status(db_session, trip=trip, item_id=item, status="done", note="booked", actor=user)
    screening_decisions.upsert(
        db_session, trip=trip, query_key="acme", query="ACME", entity_id="E1",
        listed_name="ACME Ltd", decision="cleared", note="checked", actor=user,
    )  # fmt: skip
    loaner.create_request(
        db_session, requester=user, trip_id=trip.id, kinds=["laptop"], pickup=date(2027, 3, 1),
        return_date=date(2027, 3, 22), note="", actor=user,
    )  # fmt: skip
    db_session.flush()
    trip_id, user_id = trip.id, user.id
    db_session.expire_all()  # both sides read what is stored, as two requests would

    with statements_run() as statements:
        viewer, state = page_state(db_session, trip_id=trip_id, viewer_id=user_id)
    assert len(statements) == 1
    loaded = TripPageState.of(
        trips.get(db_session, trip_id=trip_id),
        trips.item_statuses(db_session, trip_id=trip_id).values(),
        screening_decisions.for_trip(db_session, trip_id=trip_id),
        loaner.requests_for_trip(db_session, trip_id=trip_id),
    )
    assert state == loaded
    assert viewer == Viewer.of(users.get(db_session, user_id=user_id))
    assert viewer == Viewer(user_id, "ada@example.edu", "traveler")
    assert (state.owner_id, state.status) == (user.id, "active")
    assert (item, "done", "booked", None) in state.items
    assert [d[:3] for d in state.decisions] == [("acme", "E1", "cleared")]
    assert [loan[1:3] for loan in state.loans] == [("requested", 0)]


def test_no_state_for_a_trip_or_a_user_that_does_not_exist(db_session, rulebook):
    user, trip = _saved_trip(db_session, rulebook)
    viewer, state = page_state(db_session, trip_id=trip.id + 1000, viewer_id=user.id)
    assert (viewer.id, state) == (user.id, None)
    viewer, state = page_state(db_session, trip_id=trip.id, viewer_id=user.id + 1000)
    assert viewer is None and state.trip_id == trip.id
