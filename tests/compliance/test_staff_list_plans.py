"""Staff lists on PostgreSQL use their partial indexes even as a prepared statement's generic plan.

psycopg prepares a statement from its fifth run on a connection, and PostgreSQL may then plan it
for any parameters. Each list's statements are captured as the page runs them, checked for bound
constants a partial index depends on ('active', the flags), then prepared and explained with
`plan_cache_mode = force_generic_plan` over a few thousand trips.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, event, text, update
from sqlalchemy.orm import Session

from tests.support import bulk
from tests.support.fixtures import TODAY, postgres_server  # noqa: F401
from travelprep.compliance import repository as staff_lists
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.db.models import Trip
from travelprep.review.repository import trips_to_review
from travelprep.review.rescreen import _to_screen
from travelprep.trips.repository import TripFilter

pytestmark = pytest.mark.db

BOUND = re.compile(r"%\((\w+)\)s")
# Bound names SQLAlchemy would give the constants the partial indexes depend on.
CONSTANT_NAMES = re.compile(r"^(status|elevated_risk|sanctioned|hits_to_review)_\d+$")


@pytest.fixture(scope="module")
def engine(postgres_server) -> Iterator[Engine]:  # noqa: F811
    """3,000 upcoming trips (a third of elevated risk, one in fifty sanctioned), 1,000 cancelled."""
    url = postgres_server.create_database(f"plans_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        bulk.trips(session, count=1000, first=TODAY - timedelta(days=400), status="cancelled")
        bulk.trips(session, count=3000, first=TODAY + timedelta(days=10), country="CN")
        session.execute(update(Trip).where(Trip.id % 50 == 0).values(sanctioned=True))
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    yield engine
    engine.dispose()


def _statements(engine: Engine, run: Callable[[Session], object]) -> list[tuple[str, dict]]:
    """The SELECTs a list runs, with their parameters, as sent to PostgreSQL."""
    seen: list[tuple[str, dict]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, dict(parameters or {})))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as session:
            result = run(session)
            if isinstance(result, Iterator):
                list(result)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return [(sql, params) for sql, params in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def _sql_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _generic_plan(engine: Engine, statement: str, parameters: dict) -> str:
    """EXPLAIN of the statement prepared and planned for any parameters (a generic plan)."""
    names: list[str] = []

    def numbered(found: re.Match) -> str:
        names.append(found.group(1))
        return f"${len(names)}"

    sql = BOUND.sub(numbered, statement).replace("%%", "%")
    values = ", ".join(_sql_literal(parameters[name]) for name in names)
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        cursor.execute("SET enable_seqscan = off")  # a table this small is read whole otherwise
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE listed AS {sql}")
        cursor.execute(f"EXPLAIN EXECUTE listed({values})" if names else "EXPLAIN EXECUTE listed")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE listed")  # prepared statements outlive the transaction
        connection.rollback()
    return plan


def _assert_planned_on(engine: Engine, run: Callable[[Session], object], index: str) -> None:
    statements = _statements(engine, run)
    assert statements
    for sql, _ in statements:
        bound = [name for name in BOUND.findall(sql) if CONSTANT_NAMES.match(name)]
        assert bound == [], f"{bound} bound in: {sql}"
        assert "'active'" in sql
    plan = _generic_plan(engine, *statements[-1])  # the page's rows (after its total)
    assert index in plan, plan


UPCOMING = TripFilter(start=TODAY)


@pytest.mark.parametrize(
    ("where", "index"),
    [
        (UPCOMING, "ix_trips_active_departure"),
        (TripFilter(start=TODAY, elevated_risk=True), "ix_trips_active_risk"),
        (TripFilter(sanctioned=True), "ix_trips_active_sanctioned"),
        (
            TripFilter(country="CN", start=date(2026, 12, 1), end=date(2027, 1, 31), elevated_risk=True),
            "ix_trips_active_risk",
        ),
    ],
    ids=["upcoming", "risk", "sanctioned", "country-start-end-risk"],
)
def test_the_trip_list_is_planned_on_its_partial_index(engine, where, index):
    _assert_planned_on(engine, lambda session: staff_lists.trip_page(session, where=where), index)


def test_the_trip_list_total_is_planned_on_the_partial_index(engine):
    (total, parameters), _rows = _statements(engine, lambda s: staff_lists.trip_page(s, where=UPCOMING))
    assert "count(" in total.lower()
    assert "ix_trips_active_" in _generic_plan(engine, total, parameters)


def test_the_csv_export_is_planned_on_the_partial_index(engine):
    export = lambda session: staff_lists.every_trip(session, where=UPCOMING)  # noqa: E731
    _assert_planned_on(engine, export, "ix_trips_active_")  # by departure or by return


def test_who_is_abroad_binds_no_status(engine):
    abroad = lambda session: staff_lists.abroad_page(session, day=TODAY + timedelta(days=12), country=None)  # noqa: E731
    statements = _statements(engine, abroad)
    assert statements and all("trips.status = 'active'" in sql for sql, _ in statements)
    assert not [name for sql, _ in statements for name in BOUND.findall(sql) if CONSTANT_NAMES.match(name)]


def test_the_screening_review_list_is_planned_on_its_partial_index(engine):
    review = lambda session: trips_to_review(session, today=TODAY, after="")  # noqa: E731
    _assert_planned_on(engine, review, "ix_trips_hits_to_review")


def test_the_rescreening_batches_are_planned_on_their_partial_index(engine):
    batch = lambda session: session.execute(_to_screen(TODAY, 0)).all()  # noqa: E731
    _assert_planned_on(engine, batch, "ix_trips_active_institutions")


def test_every_partial_index_is_on_trips(engine):
    # The lists of other tables (loaner queue, visits, who is on campus) may bind their
    # constants: only trips have partial indexes, whose lists are checked above.
    with engine.connect() as connection:
        partial = connection.execute(
            text("SELECT tablename, indexname FROM pg_indexes WHERE indexdef LIKE '% WHERE %'")
        ).all()
    assert {table for table, _ in partial} == {"trips"}
    assert {name for _, name in partial} == {
        "ix_trips_active_departure",
        "ix_trips_active_return",
        "ix_trips_active_risk",
        "ix_trips_active_sanctioned",
        "ix_trips_active_institutions",
        "ix_trips_hits_to_review",
    }


def test_the_inline_flags_still_filter_both_ways(engine):
    def total(where: TripFilter) -> int:
        with Session(engine) as session:
            return staff_lists.trip_page(session, where=where).total

    risky, safe = total(TripFilter(elevated_risk=True)), total(TripFilter(elevated_risk=False))
    assert (risky, safe) == (1000, 2000)  # a third of the 3,000 active trips; cancelled ones left out
    assert total(TripFilter(sanctioned=True)) + total(TripFilter(sanctioned=False)) == 3000
