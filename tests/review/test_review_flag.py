"""The review list reads a mark kept on each trip: set when a stored hit awaits a decision.

The mark follows the trip's save, each decision and re-screening, and the list shows exactly
the trips whose stored hits say so, on SQLite and PostgreSQL. On PostgreSQL the list's
queries use the partial index even as the generic plan of a prepared statement.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql

from tests.review.conftest import LISTED, UNLISTED
from tests.review.helpers import decide, trip_with
from tests.support.fixtures import TODAY
from travelprep.db.engine import make_session_factory
from travelprep.db.models import ScreeningDecision, Trip
from travelprep.db.paging import count_capped
from travelprep.review import hit_store
from travelprep.review.repository import _to_review

LISTED_TRIP = re.compile(r'href="/trips/(\d+)/screening"')


def _marked(app) -> set[int]:
    with make_session_factory(app.state.engine)() as session:
        return set(session.scalars(select(Trip.id).where(Trip.hits_to_review)))


def _listed(officer) -> set[int]:
    return {int(found) for found in LISTED_TRIP.findall(officer.get("/staff/screening").text)}


def test_the_mark_follows_saves_and_decisions(app, traveler, officer):
    hit, plain = trip_with(traveler, LISTED), trip_with(traveler, UNLISTED)
    assert _marked(app) == {hit} == _listed(officer) and plain not in _marked(app)
    assert decide(officer, hit, LISTED, "cleared").status_code == 303
    assert _marked(app) == set() == _listed(officer)
    assert decide(officer, hit, LISTED, "escalated").status_code == 303  # revised: back on the list
    assert _marked(app) == {hit} == _listed(officer)
    assert decide(officer, hit, LISTED, "false_positive").status_code == 303
    assert _marked(app) == set()


def test_the_mark_follows_an_edit_that_drops_the_name_and_a_decision_left_behind(app, traveler, officer):
    hit = trip_with(traveler, LISTED)
    assert decide(officer, hit, LISTED, "escalated").status_code == 303
    with make_session_factory(app.state.engine)() as session:
        # A decision whose stored hit is gone (the name was edited away) lists nothing.
        session.execute(text("DELETE FROM screening_hits WHERE trip_id = :t"), {"t": hit})
        hit_store.refresh_review_flags(session, trip_ids=[hit])
        session.commit()
        assert session.scalar(select(ScreeningDecision.decision).where(ScreeningDecision.trip_id == hit))
    assert _marked(app) == set() == _listed(officer)


def test_the_list_shows_each_hit_with_its_state(app, traveler, officer):
    hit = trip_with(traveler, LISTED)
    page = officer.get("/staff/screening").text
    assert "1 trip to review" in page
    assert f"{LISTED} → " in page and "Undecided</span>" in page and " as of " in page
    assert decide(officer, hit, LISTED, "escalated").status_code == 303
    assert "Escalated</span>" in officer.get("/staff/screening").text


@pytest.mark.db
@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # partial index plans are PostgreSQL's
def test_postgresql_plans_the_list_on_its_partial_index_even_when_prepared(app, traveler):
    assert app.state.engine.dialect.name == "postgresql"
    trip_with(traveler, LISTED)
    query = _to_review(date(2026, 11, 21))
    with make_session_factory(app.state.engine)() as session:
        assert count_capped(session, query) == (1, False)
        sql = str(query.compile(dialect=postgresql.dialect()))
        names = re.findall(r"%\((\w+)\)s", sql)
        assert names == ["return_date_1"]  # 'active' is inline: a bound status cannot match the index
        session.execute(text("SET enable_seqscan = off"))  # a table this small is read whole otherwise
        session.execute(text("SET plan_cache_mode = force_generic_plan"))
        session.execute(text(f"PREPARE listed(date) AS {sql.replace('%(return_date_1)s', '$1')}"))
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN EXECUTE listed('{TODAY}')")))
    assert "ix_trips_hits_to_review" in plan, plan
