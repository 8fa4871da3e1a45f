"""Retiring a device and assigning it at the same moment: never both, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support.fixtures import TODAY
from tests.support.loaner import new_request
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.db.models import Device, Reservation
from travelprep.db.models.base import utcnow
from travelprep.loaner import inventory_service, reservations
from travelprep.loaner import repository as loaner
from travelprep.loaner import service as loaner_service
from travelprep.loaner.errors import Conflict

pytestmark = pytest.mark.db
PAIRS = 12


def test_booking_a_device_retired_meanwhile_is_refused(fresh_engine):
    sessions = make_session_factory(fresh_engine)
    with sessions() as session:
        ada = users.get_or_create(session, email="ada@example.edu")
        device = loaner.add_device(
            session, asset_tag="LT-1", kind="laptop", model="", os="", serial="", notes=""
        )
        request = new_request(session, ada, date(2027, 3, 1), date(2027, 3, 10))
        session.commit()
        device_id, request_id = device.id, request.id
    with sessions() as colleague:  # retired by someone else after the desk's page was read
        colleague.get(Device, device_id).retired_at = utcnow()
        colleague.commit()
    with sessions() as session, pytest.raises(reservations.DeviceRetired):
        reservations.book(
            session,
            device_id=device_id,
            request_id=request_id,
            starts=date(2027, 3, 1),
            ends=date(2027, 3, 12),
        )


def test_retire_and_assign_racing_never_both_succeed(fresh_engine):
    sessions = make_session_factory(fresh_engine)
    with sessions() as session:
        staff = users.get_or_create(session, email="desk@example.edu", role="loaner_staff")
        ada = users.get_or_create(session, email="ada@example.edu")
        pairs = []
        for index in range(PAIRS):
            device = loaner.add_device(
                session, asset_tag=f"LT-{index}", kind="laptop", model="", os="", serial="", notes=""
            )
            request = new_request(session, ada, date(2027, 3, 1), date(2027, 3, 10))
            pairs.append((device.id, request.id))
        session.commit()
        staff_id = staff.id
    outcomes: dict[tuple[int, str], bool] = {}

    def run(kind: str, device_id: int, request_id: int, barrier: threading.Barrier) -> None:
        with sessions() as session:
            user = users.get(session, user_id=staff_id)
            device = session.get(Device, device_id)
            session.commit()  # as the app does: read-only work ends before the booking lock
            barrier.wait(timeout=30)
            try:
                if kind == "retire":
                    inventory_service.retire_device(session, user=user, device=device)
                else:
                    loaner_service.assign(
                        session,
                        request_id=request_id,
                        device_id=device_id,
                        user=user,
                        wipe_buffer_days=2,
                        today=TODAY,
                    )
                session.commit()
                outcomes[(device_id, kind)] = True
            except Conflict:
                session.rollback()
                outcomes[(device_id, kind)] = False

    for device_id, request_id in pairs:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=run, args=(kind, device_id, request_id, barrier))
            for kind in ("retire", "assign")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not (outcomes[(device_id, "retire")] and outcomes[(device_id, "assign")]), device_id
    with sessions() as session:
        on_retired = session.scalar(
            select(func.count()).select_from(Reservation).join(Device).where(Device.retired_at.is_not(None))
        )
    assert on_retired == 0
