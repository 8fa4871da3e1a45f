"""Devices out on overdue loans, on SQLite and PostgreSQL: not offered, not assigned, at risk."""

from datetime import date

import pytest

from tests.support.loaner import assign, new_request
from travelprep.accounts import repository as users
from travelprep.loaner import overdue_repository as overdue
from travelprep.loaner import repository as loaner
from travelprep.loaner import reservations
from travelprep.loaner import service as loaner_service
from travelprep.loaner.overdue import Booking, OverdueHold, at_risk, out_by_kind
from travelprep.loaner.service import Conflict

pytestmark = pytest.mark.db

D = date
TODAY = D(2027, 3, 15)  # LT-1's loan was due back on 2027-03-10
BEFORE = D(2027, 2, 1)  # a day before any of the loans here


@pytest.fixture
def out(db_session):
    """Staff, a traveler, laptops LT-1 and LT-2, and LT-1 picked up on a loan due back 03-10."""
    staff = users.get_or_create(db_session, email="desk@example.edu", role="loaner_staff")
    ada = users.get_or_create(db_session, email="ada@example.edu")
    lt1, lt2 = (
        loaner.add_device(db_session, asset_tag=tag, kind="laptop", model="", os="", serial="", notes="")
        for tag in ("LT-1", "LT-2")
    )
    late = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    assign(db_session, late, lt1, staff)
    _move(db_session, late, staff, "approved", "ready", "picked_up")
    return staff, ada, lt1, lt2, late


def _move(session, request, staff, *states, today=BEFORE):
    for state in states:
        loaner_service.transition(session, request=request, user=staff, to_state=state, note="", today=today)


def test_an_overdue_device_is_neither_offered_nor_assigned_until_it_is_returned(db_session, out):
    staff, ada, lt1, lt2, late = out
    # After its reservation (to 03-12) LT-1 is free in the reservations table, but still out.
    later = new_request(db_session, ada, D(2027, 3, 20), D(2027, 3, 25))
    free = loaner_service.suggestions(db_session, request=later, wipe_buffer_days=2, today=TODAY)
    assert [d.asset_tag for d in free["laptop"]] == ["LT-2"]
    with pytest.raises(Conflict) as refused:
        assign(db_session, later, lt1, staff, today=TODAY)
    assert refused.value.message == (
        f"LT-1 is still out on loaner request {late.id}, overdue since 2027-03-11 (due back "
        "2027-03-10): it can be assigned again once that loan is marked returned."
    )
    assert reservations.for_request(db_session, request_id=later.id) == []

    _move(db_session, late, staff, "returned", today=TODAY)
    free = loaner_service.suggestions(db_session, request=later, wipe_buffer_days=2, today=TODAY)
    assert [d.asset_tag for d in free["laptop"]] == ["LT-1", "LT-2"]
    assert assign(db_session, later, lt1, staff, today=TODAY).device_id == lt1.id


def test_a_device_out_but_not_yet_late_can_be_booked_after_its_loan(db_session, out):
    staff, ada, lt1, _, late = out
    on_time = D(2027, 3, 10)  # the return day itself: not overdue yet
    later = new_request(db_session, ada, D(2027, 3, 20), D(2027, 3, 25))
    free = loaner_service.suggestions(db_session, request=later, wipe_buffer_days=2, today=on_time)
    assert [d.asset_tag for d in free["laptop"]] == ["LT-1", "LT-2"]
    assert assign(db_session, later, lt1, staff, today=on_time).request_id == later.id
    assert overdue.overdue_holds(db_session, today=on_time) == []
    assert overdue.overdue_holds(db_session, today=D(2027, 3, 11)) == [
        OverdueHold(lt1.id, "LT-1", "laptop", late.id, D(2027, 3, 10))
    ]


def test_bookings_made_before_the_loan_ran_late_are_at_risk(db_session, out):
    staff, ada, lt1, lt2, late = out
    booked = new_request(db_session, ada, D(2027, 3, 20), D(2027, 3, 25))
    assign(db_session, booked, lt1, staff, today=D(2027, 3, 9))  # still on time that day
    elsewhere = new_request(db_session, ada, D(2027, 3, 16), D(2027, 3, 17))  # LT-2 held to 03-19
    assign(db_session, elsewhere, lt2, staff, today=TODAY)
    cancelled = new_request(db_session, ada, D(2027, 4, 1), D(2027, 4, 2))
    assign(db_session, cancelled, lt1, staff, today=D(2027, 3, 9))
    _move(db_session, cancelled, ada, "cancelled")

    holds = overdue.overdue_holds(db_session, today=TODAY)
    bookings = overdue.waiting_bookings(db_session, device_ids=[h.device_id for h in holds])
    assert bookings == [Booking(lt1.id, booked.id, D(2027, 3, 20))]  # the cancelled one let go
    [risk] = at_risk(holds, bookings)
    assert (risk.hold.request_id, risk.booking.request_id) == (late.id, booked.id)

    # The desk moves the booking to LT-2 in one step; LT-1 is no longer at risk.
    moved = assign(db_session, booked, lt2, staff, today=TODAY, replacing=lt1.id)
    assert [r.device_id for r in reservations.for_request(db_session, request_id=booked.id)] == [lt2.id]
    assert (moved.starts, moved.ends) == (D(2027, 3, 20), D(2027, 3, 27))
    assert overdue.waiting_bookings(db_session, device_ids=[lt1.id]) == []


def test_replacing_needs_a_device_the_request_holds_of_the_same_kind(db_session, out):
    staff, ada, lt1, lt2, _ = out
    phone = loaner.add_device(
        db_session, asset_tag="PH-1", kind="phone", model="", os="", serial="", notes=""
    )
    booked = new_request(db_session, ada, D(2027, 3, 20), D(2027, 3, 25), kinds=("laptop", "phone"))
    with pytest.raises(Conflict, match=f"Request {booked.id} holds no device {lt1.id} to replace"):
        assign(db_session, booked, lt2, staff, today=TODAY, replacing=lt1.id)
    assign(db_session, booked, lt2, staff, today=TODAY)
    with pytest.raises(Conflict, match="LT-2 is a laptop: replace it with another"):
        assign(db_session, booked, phone, staff, today=TODAY, replacing=lt2.id)


def test_the_demand_rows_leave_overdue_loans_to_the_devices_count(db_session, out):
    *_, late = out
    rows = loaner.demand_rows(db_session, first=TODAY, last=D(2027, 5, 1), today=TODAY)
    assert ("laptop", late.pickup_date, late.return_date) not in rows
    on_time = loaner.demand_rows(db_session, first=D(2027, 3, 10), last=D(2027, 5, 1), today=D(2027, 3, 10))
    assert ("laptop", late.pickup_date, late.return_date) in on_time
    assert out_by_kind(overdue.overdue_holds(db_session, today=TODAY)) == {"laptop": 1}
