"""The no-double-booking guarantee under real concurrency, on SQLite and on PostgreSQL.

In each round, several threads, each with its own connection, assign the same device to
overlapping requests at the same moment (they wait at a barrier first). Exactly one wins;
every other one gets the conflict naming the winner's reservation. A second test inserts
the rows directly, past the app's own overlap query, to show the database is the guard.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tests.support.fixtures import TODAY
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.db.models import Reservation
from travelprep.engine.date_window import DateWindow
from travelprep.loaner import repository as loaner
from travelprep.loaner import reservations
from travelprep.loaner import service as loaner_service
from travelprep.loaner.service import Conflict

pytestmark = pytest.mark.db

ROUNDS = 20
THREADS = 4
FIRST_DAY = date(2027, 1, 4)


def _setup(engine, rounds: int):
    """A desk user, a laptop, and THREADS overlapping requests per round (committed)."""
    with make_session_factory(engine)() as session:
        staff = users.get_or_create(session, email="desk@example.edu", role="loaner_staff")
        ada = users.get_or_create(session, email="ada@example.edu")
        laptop = loaner.add_device(
            session, asset_tag="LT-1", kind="laptop", model="", os="", serial="", notes=""
        )
        plan = []
        for round_ in range(rounds):
            base = FIRST_DAY + timedelta(days=30 * round_)
            # Different but overlapping periods: each shares base+5 with every other one.
            ids = [
                loaner_service.create_request(
                    session,
                    user=ada,
                    kinds=["laptop"],
                    pickup=base + timedelta(days=i),
                    return_date=base + timedelta(days=5 + i),
                    today=TODAY,
                    window=DateWindow(),
                ).id
                for i in range(THREADS)
            ]
            plan.append(ids)
        session.commit()
        return staff, laptop.id, plan


def _race(engine, attempt) -> list[tuple[str, str]]:
    """Run `attempt(session)` in THREADS threads released together; each result or error."""
    barrier = threading.Barrier(THREADS)
    results: list[tuple[str, str]] = [("", "")] * THREADS
    factory = make_session_factory(engine)

    def run(index: int) -> None:
        with factory() as session:
            try:
                barrier.wait(timeout=30)
                attempt(session, index)
                session.commit()
                results[index] = ("won", "")
            except Conflict as conflict:
                session.rollback()
                results[index] = ("conflict", conflict.message)
            except (IntegrityError, OperationalError) as error:
                session.rollback()
                results[index] = ("refused", str(error.orig))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_assignments_of_one_device_exactly_one_wins(fresh_engine):
    staff, device_id, plan = _setup(fresh_engine, ROUNDS)
    for round_, request_ids in enumerate(plan):

        def assign(session: Session, index: int, request_ids=request_ids) -> None:
            loaner_service.assign(
                session,
                request_id=request_ids[index],
                device_id=device_id,
                user=staff,
                wipe_buffer_days=2,
                today=TODAY,
            )

        results = _race(fresh_engine, assign)
        outcomes = sorted(kind for kind, _ in results)
        assert outcomes == ["conflict"] * (THREADS - 1) + ["won"], (round_, results)
        with make_session_factory(fresh_engine)() as session:
            held = session.scalars(select(Reservation).where(Reservation.request_id.in_(request_ids))).all()
        assert len(held) == 1, round_
        winner = held[0]
        for kind, message in results:
            if kind == "conflict":
                assert f"(reservation {winner.id}, loaner request {winner.request_id})" in message


def test_concurrent_raw_inserts_are_refused_by_the_database(fresh_engine):
    """No overlap query in the app at all: the constraint (or trigger) alone lets one through."""
    staff, device_id, plan = _setup(fresh_engine, ROUNDS)
    for round_, request_ids in enumerate(plan):
        base = FIRST_DAY + timedelta(days=30 * round_)

        def insert(session: Session, index: int, request_ids=request_ids, base=base) -> None:
            reservations.serialize_bookings(session)  # SQLite: BEGIN IMMEDIATE; PostgreSQL: nothing
            session.add(
                Reservation(
                    device_id=device_id,
                    request_id=request_ids[index],
                    starts=base + timedelta(days=index),
                    ends=base + timedelta(days=7 + index),
                )
            )
            session.flush()

        results = _race(fresh_engine, insert)
        assert sorted(kind for kind, _ in results) == ["refused"] * (THREADS - 1) + ["won"], (round_, results)
        # PostgreSQL may break a wait cycle between the losers with "deadlock detected": that
        # is the database refusing too.
        refusals = [message for kind, message in results if kind == "refused"]
        assert all("reservations_no_overlap" in m or "deadlock detected" in m for m in refusals), results
    with make_session_factory(fresh_engine)() as session:
        assert session.scalar(select(func.count()).select_from(Reservation)) == ROUNDS
