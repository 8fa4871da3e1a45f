"""Repositories: users, tokens, trips with item statuses, compliance queries."""

from datetime import date

import pytest

from tests.support.fixtures import TODAY, itinerary_data
from travelprep.accounts import repository as users
from travelprep.accounts import tokens
from travelprep.db.models import ApiToken
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.trips import repository as trips

pytestmark = pytest.mark.db


def _save(session, rulebook, *, email="ada@example.edu", **changes):
    user = users.get_or_create(session, email=email)
    itinerary = parse_itinerary(itinerary_data(**changes))
    checklist = generate_checklist(itinerary, rulebook, TODAY)
    return user, trips.create(session, user=user, itinerary=itinerary, checklist=checklist)


def test_emails_are_matched_case_insensitively(db_session):
    first = users.get_or_create(db_session, email="Ada@Example.EDU ")
    assert users.get_or_create(db_session, email="ada@example.edu").id == first.id
    assert first.role == "traveler"


def test_unknown_role_is_refused(db_session):
    with pytest.raises(ValueError, match="unknown role"):
        users.get_or_create(db_session, email="x@example.edu", role="root")


def test_tokens_are_stored_hashed_and_can_be_revoked(db_session):
    user = users.get_or_create(db_session, email="ada@example.edu")
    token, plain = tokens.create(db_session, user=user)
    assert plain not in {row.token_hash for row in db_session.query(ApiToken)}
    assert tokens.authenticate(db_session, plain=plain).id == user.id
    assert tokens.authenticate(db_session, plain=plain + "x") is None
    assert tokens.revoke(db_session, plain_or_prefix=token.prefix) == 1
    assert tokens.authenticate(db_session, plain=plain) is None


def test_new_trip_copies_dates_countries_and_flags(db_session, rulebook):
    _, trip = _save(db_session, rulebook)
    assert (trip.departure, trip.return_date) == (date(2027, 3, 9), date(2027, 3, 20))
    assert trip.countries == "CN JP"
    assert trip.elevated_risk is True and trip.sanctioned is False
    statuses = trips.item_statuses(db_session, trip_id=trip.id)
    assert statuses and all(row.status == "open" for row in statuses.values())


def test_editing_keeps_statuses_and_marks_vanished_items_dropped(db_session, rulebook):
    user, trip = _save(db_session, rulebook)
    statuses = trips.item_statuses(db_session, trip_id=trip.id)
    kept = next(iter(statuses))
    trips.set_item_status(db_session, trip=trip, item_id=kept, status="done", note="", actor=user)
    # Pretend one stored item came from an older rule that no longer fires.
    trips.set_item_status(db_session, trip=trip, item_id=kept, status="done", note="booked", actor=user)
    stale = trips.TripItem(trip_id=trip.id, item_id="old-rule", title="Old", category="data")
    db_session.add(stale)
    db_session.flush()
    itinerary = parse_itinerary(itinerary_data(legs=[itinerary_data()["legs"][0]]))
    checklist = generate_checklist(itinerary, rulebook, TODAY)
    dropped = trips.replace_itinerary(
        db_session, trip=trip, itinerary=itinerary, checklist=checklist, actor=user
    )
    assert [row.item_id for row in dropped] == ["old-rule"]
    after = trips.item_statuses(db_session, trip_id=trip.id)
    assert after[kept].status == "done" and after[kept].note == "booked"
    assert after["old-rule"].dropped_at is not None
    assert trip.countries == "CN"
    history = trips.history(db_session, trip_item_id=after[kept].id)
    assert [h.status for h in history] == ["done", "done"]


def test_status_of_an_item_not_on_the_trip_is_refused(db_session, rulebook):
    user, trip = _save(db_session, rulebook)
    assert (
        trips.set_item_status(
            db_session, trip=trip, item_id="no-such-item", status="done", note="", actor=user
        )
        is None
    )


def test_search_filters_by_country_dates_and_flags(db_session, rulebook):
    _, china = _save(db_session, rulebook)
    france_legs = [{"country": "FR", "city": "Paris", "arrive": "2027-06-02", "depart": "2027-06-09"}]
    _, france = _save(
        db_session,
        rulebook,
        email="bob@example.edu",
        departure="2027-06-01",
        **{"return": "2027-06-10"},
        legs=france_legs,
    )

    def ids(**where):
        return [t.id for t in trips.search(db_session, where=trips.TripFilter(**where))]

    assert ids() == [china.id, france.id]
    assert ids(country="fr") == [france.id]
    assert ids(elevated_risk=True) == [china.id]
    assert ids(start=date(2027, 4, 1)) == [france.id]
    assert ids(end=date(2027, 4, 1)) == [china.id]
    trips.cancel(db_session, trip=france)
    assert ids() == [china.id]
    assert ids(include_cancelled=True) == [china.id, france.id]


def test_who_is_abroad_on_a_day(db_session, rulebook):
    _, trip = _save(db_session, rulebook)
    found = trips.abroad_on(db_session, day=date(2027, 3, 12), country="CN")
    assert [(t.id, leg.city) for t, leg in found] == [(trip.id, "Shanghai")]
    anywhere = trips.abroad_on(db_session, day=date(2027, 3, 17))
    assert [leg.country for _, leg in anywhere] == ["JP"]
    assert trips.abroad_on(db_session, day=date(2027, 3, 12), country="JP") == []
    trips.cancel(db_session, trip=trip)
    assert trips.abroad_on(db_session, day=date(2027, 3, 12)) == []


def test_trip_with_its_statuses_in_one_query(db_session, rulebook):
    _, trip = _save(db_session, rulebook)
    found, statuses = trips.get_with_statuses(db_session, trip_id=trip.id)
    assert found is trip
    assert statuses.keys() == trips.item_statuses(db_session, trip_id=trip.id).keys()
    assert trips.get_with_statuses(db_session, trip_id=trip.id + 1000) == (None, {})
