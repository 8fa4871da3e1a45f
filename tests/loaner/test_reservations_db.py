"""Reservations on SQLite and PostgreSQL: adjacent ones fit, overlapping ones never do."""

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from tests.support.fixtures import TODAY
from tests.support.loaner import assign, new_request
from travelprep.accounts import repository as users
from travelprep.db import audit
from travelprep.db.models import Reservation
from travelprep.loaner import repository as loaner
from travelprep.loaner import reservations
from travelprep.loaner import service as loaner_service
from travelprep.loaner.reservations import ReservationConflict
from travelprep.loaner.service import Conflict

pytestmark = pytest.mark.db

D = date


@pytest.fixture
def desk(db_session):
    """A staff user, a traveler, a laptop and a phone."""
    staff = users.get_or_create(db_session, email="desk@example.edu", role="loaner_staff")
    ada = users.get_or_create(db_session, email="ada@example.edu")
    laptop = loaner.add_device(
        db_session, asset_tag="LT-1", kind="laptop", model="X1", os="", serial="", notes=""
    )
    phone = loaner.add_device(
        db_session, asset_tag="PH-1", kind="phone", model="SE", os="", serial="", notes=""
    )
    return staff, ada, laptop, phone


def test_adjacent_reservations_fit_and_overlapping_ones_are_refused(db_session, desk):
    staff, ada, laptop, _ = desk
    first = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))  # held to 12 with the buffer
    adjacent = new_request(db_session, ada, D(2027, 3, 13), D(2027, 3, 20))
    touching = new_request(db_session, ada, D(2027, 3, 12), D(2027, 3, 20))
    kept = assign(db_session, first, laptop, staff)
    assert (kept.starts, kept.ends) == (D(2027, 3, 1), D(2027, 3, 12))
    assign(db_session, adjacent, laptop, staff)
    with pytest.raises(
        Conflict,
        match=f"LT-1: device {laptop.id} is already reserved from 2027-03-01 to "
        f"2027-03-12 \\(reservation {kept.id}, loaner request {first.id}\\)",
    ):
        assign(db_session, touching, laptop, staff)


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (D(2027, 3, 5), D(2027, 3, 6)),
        (D(2027, 2, 1), D(2027, 3, 1)),
        (D(2027, 3, 12), D(2027, 4, 1)),
        (D(2027, 2, 1), D(2027, 4, 1)),
    ],
)
def test_the_database_itself_refuses_an_overlap(db_session, desk, starts, ends):
    """Inserted past the app's own check, an overlapping row is still refused by the database."""
    staff, ada, laptop, _ = desk
    request = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    db_session.add(
        Reservation(device_id=laptop.id, request_id=request.id, starts=D(2027, 3, 1), ends=D(2027, 3, 12))
    )
    db_session.flush()
    with pytest.raises(IntegrityError, match="reservations_no_overlap"), db_session.begin_nested():
        db_session.add(Reservation(device_id=laptop.id, request_id=request.id, starts=starts, ends=ends))
        db_session.flush()


def test_the_database_refuses_moving_a_reservation_onto_another(db_session, desk):
    staff, ada, laptop, _ = desk
    request = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    a = reservations.book(
        db_session, device_id=laptop.id, request_id=request.id, starts=D(2027, 3, 1), ends=D(2027, 3, 5)
    )
    b = reservations.book(
        db_session, device_id=laptop.id, request_id=request.id, starts=D(2027, 3, 6), ends=D(2027, 3, 9)
    )
    with pytest.raises(IntegrityError, match="reservations_no_overlap"), db_session.begin_nested():
        b.starts = D(2027, 3, 5)
        db_session.flush()
    assert a.id != b.id


def test_the_same_days_on_another_device_are_fine(db_session, desk):
    staff, ada, laptop, phone = desk
    request = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10), kinds=("laptop", "phone"))
    other = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10), kinds=("laptop",))
    assign(db_session, request, laptop, staff)
    assign(db_session, request, phone, staff)
    free = loaner_service.suggestions(db_session, request=other, wipe_buffer_days=2, today=TODAY)
    assert free == {"laptop": []}
    with pytest.raises(ReservationConflict):
        reservations.book(
            db_session, device_id=laptop.id, request_id=other.id, starts=D(2027, 3, 12), ends=D(2027, 3, 12)
        )


def test_assignment_checks_kind_state_and_retirement(db_session, desk):
    staff, ada, laptop, phone = desk
    request = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    with pytest.raises(Conflict, match="PH-1 is a phone; the request asks for laptop"):
        assign(db_session, request, phone, staff)
    loaner_service.transition(
        db_session, request=request, user=staff, to_state="declined", note="", today=D(2026, 11, 21)
    )
    with pytest.raises(Conflict, match="A request that is declined cannot get a device"):
        assign(db_session, request, laptop, staff)


def test_cancelling_releases_the_device_and_closing_frees_it_from_today(db_session, desk):
    staff, ada, laptop, _ = desk
    today = D(2027, 3, 9)
    first = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    assign(db_session, first, laptop, staff)
    loaner_service.transition(
        db_session, request=first, user=ada, to_state="cancelled", note="trip off", today=today
    )
    assert reservations.for_request(db_session, request_id=first.id) == []
    second = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 5))
    assign(db_session, second, laptop, staff)
    for state in ("approved", "ready", "picked_up", "returned", "quarantined", "wiped", "closed"):
        loaner_service.transition(
            db_session, request=second, user=staff, to_state=state, note="", today=today
        )
    assert [(r.starts, r.ends) for r in reservations.for_request(db_session, request_id=second.id)] == [
        (D(2027, 3, 1), D(2027, 3, 7))  # already ended before today: unchanged
    ]
    history = loaner.transitions(db_session, request_id=second.id)
    assert [(t.from_state, t.to_state) for t, _ in history][:2] == [
        (None, "requested"),
        ("requested", "approved"),
    ]
    assert history[-1][1].email == "desk@example.edu"
    actions = [
        e.action for e in audit.for_object(db_session, object_type="loaner_request", object_id=second.id)
    ]
    assert actions == ["loaner.request", "loaner.assign"] + ["loaner.transition"] * 7


def test_ready_needs_a_device_and_travelers_may_only_cancel(db_session, desk):
    staff, ada, laptop, _ = desk
    request = new_request(db_session, ada, D(2027, 3, 1), D(2027, 3, 10))
    loaner_service.transition(
        db_session, request=request, user=staff, to_state="approved", note="", today=D(2027, 1, 1)
    )
    with pytest.raises(Conflict, match="Assign a device before marking the request ready"):
        loaner_service.transition(
            db_session, request=request, user=staff, to_state="ready", note="", today=D(2027, 1, 1)
        )
    with pytest.raises(
        Conflict,
        match="A request cannot go from approved to closed "
        "\\(from approved it can go to ready for pickup, declined, cancelled\\)",
    ):
        loaner_service.transition(
            db_session, request=request, user=staff, to_state="closed", note="", today=D(2027, 1, 1)
        )
    from travelprep.errors import Forbidden

    with pytest.raises(Forbidden):
        loaner_service.transition(
            db_session, request=request, user=ada, to_state="declined", note="", today=D(2027, 1, 1)
        )
    assert loaner_service.offered_transitions(request, ada) == ("cancelled",)
    assert loaner_service.offered_transitions(request, staff) == ("ready", "declined", "cancelled")
