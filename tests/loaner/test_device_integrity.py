"""Asset tags compare beyond ASCII, and the database refuses a reservation on a retired device."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.support.loaner import new_request
from travelprep.accounts import repository as users
from travelprep.db.models import Device
from travelprep.db.models.base import utcnow
from travelprep.loaner import inventory_service
from travelprep.loaner import repository as loaner
from travelprep.loaner.errors import Conflict
from travelprep.loaner.inventory_csv import DeviceFields, parse_inventory

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    ("first", "second"), [("ÄB-1", "äb-1"), ("STRASSE-1", "straße-1"), ("ＬＴ-1", "lt-1")]
)
def test_tags_that_differ_only_beyond_ascii_case_are_one_tag(db_session, first, second):
    staff = users.get_or_create(db_session, email="desk@example.edu", role="loaner_staff")
    inventory_service.add_device(db_session, user=staff, fields=DeviceFields(asset_tag=first, kind="laptop"))
    with pytest.raises(Conflict, match="already in the inventory"):
        inventory_service.add_device(
            db_session, user=staff, fields=DeviceFields(asset_tag=second, kind="laptop")
        )
    taken = loaner.existing_tags(db_session, tags=[second])
    parsed = parse_inventory(f"asset_tag,kind\n{second},laptop\n", existing_tags=taken)
    assert parsed.problems and not parsed.devices


def test_the_database_refuses_a_second_device_with_the_same_tag_key(db_session):
    db_session.add(Device(asset_tag="ÄB-1", kind="laptop"))
    db_session.flush()
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.add(Device(asset_tag="äb-1", kind="laptop"))
        db_session.flush()


def test_the_database_refuses_a_reservation_on_a_retired_device(db_session):
    ada = users.get_or_create(db_session, email="ada@example.edu")
    device = loaner.add_device(
        db_session, asset_tag="LT-9", kind="laptop", model="", os="", serial="", notes=""
    )
    request = new_request(db_session, ada, date(2027, 3, 1), date(2027, 3, 10))
    device.retired_at = utcnow()
    db_session.flush()
    insert = text(
        "INSERT INTO reservations (device_id, request_id, starts, ends, created_at) "
        "VALUES (:d, :r, :s, :e, :c)"
    )
    values = {"d": device.id, "r": request.id, "s": date(2027, 3, 1), "e": date(2027, 3, 12), "c": utcnow()}
    refused = pytest.raises((IntegrityError, DBAPIError), match="reservations_not_on_retired_device")
    with refused, db_session.begin_nested():
        db_session.execute(insert, values)
