"""Stored hits and re-screening after a list update, on SQLite and PostgreSQL, with real list files.

A trip's hits are stored when it is saved; a list update (the sample CSL export, the sample
OpenSanctions file) followed by a re-screening pass stores new hits as new since that update,
marks hits the update removed as withdrawn, and leaves every decision where it was.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.review.conftest import LISTED, UNLISTED
from tests.review.helpers import ENTITY, trip_with
from tests.review.lists import QUILLON, VELMORA, ZORVEX, import_csl, import_opensanctions, rulebook_of
from tests.support.fixtures import TODAY
from tests.support.web import ORIGIN, api_token, make_settings, sign_in
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.db.models import AuditEvent, ScreeningDecision, Trip, TripItem
from travelprep.review import hit_store
from travelprep.review import service as screening_service
from travelprep.review.rescreen import rescreen
from travelprep.review.service import DecisionIn
from travelprep.web.app import create_app


@pytest.fixture
def lists_dir(tmp_path):
    folder = tmp_path / "lists-data"
    folder.mkdir()
    return folder


def _pass(app, rulebook, today: date = TODAY):
    factory = make_session_factory(app.state.engine)
    return rescreen(factory, rulebook=rulebook, today=today, trigger="test", fingerprint="test")


def _stored(app, trip_id: int) -> dict[str, hit_store.ScreeningHit]:
    with make_session_factory(app.state.engine)() as session:
        return {row.query: row for row in hit_store.for_trip(session, trip_id=trip_id)}


def _items(app, trip_id: int) -> dict[str, TripItem]:
    with make_session_factory(app.state.engine)() as session:
        return {r.item_id: r for r in session.scalars(select(TripItem).where(TripItem.trip_id == trip_id))}


def _decide(app, trip_id: int, query: str, entity_id: str, rulebook, decision: str = "escalated") -> None:
    with make_session_factory(app.state.engine)() as session:
        officer = users.get_or_create(session, email="officer@example.edu")
        trip = session.get(Trip, trip_id)
        change = DecisionIn(query=query, entity_id=entity_id, decision=decision, note="Asked export control.")
        screening_service.record_decision(
            session, trip=trip, user=officer, change=change, rulebook=rulebook, today=TODAY
        )
        session.commit()


def _client(app, tmp_path, rulebook, email: str, role: str) -> TestClient:
    """A client of a second app on the same database, serving with the updated lists."""
    url = app.state.engine.url.render_as_string(hide_password=False)
    other = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    other.state.clock = lambda: TODAY
    client = TestClient(other, headers={"Origin": ORIGIN}, follow_redirects=False)
    client.__enter__()
    sign_in(client, email, role)
    return client


def test_saving_a_trip_stores_its_hits_with_list_version_and_explanation(app, traveler):
    trip = trip_with(traveler, LISTED, UNLISTED)
    (hit,) = _stored(app, trip).values()
    assert (hit.query, hit.entity_id, hit.listed_name) == (LISTED, ENTITY, LISTED)
    assert hit.list_version and hit.list_source.startswith("https://") and LISTED in hit.why
    assert (hit.first_seen_on, hit.new_since, hit.withdrawn_on) == (TODAY, None, None)


def test_editing_a_trip_drops_the_hits_of_names_it_no_longer_names(app, traveler, rulebook):
    trip = trip_with(traveler, LISTED)
    with make_session_factory(app.state.engine)() as session:
        row = session.get(Trip, trip)
        row.itinerary = {**row.itinerary, "institutions": [UNLISTED]}
        screening_service.store_hits(session, trip=row, rulebook=rulebook, today=TODAY)
        session.commit()
    assert _stored(app, trip) == {}


def test_a_list_update_brings_new_hits_onto_the_queue_and_the_checklist(app, traveler, lists_dir, tmp_path):
    named = trip_with(traveler, ZORVEX)
    clean = trip_with(traveler, UNLISTED)
    assert _stored(app, named) == {} and "restricted-party-match" not in _items(app, named)
    import_csl(lists_dir, as_of="2026-11-20")
    updated = rulebook_of(lists_dir)

    summary = _pass(app, updated)

    assert (summary.screened, summary.changed, summary.added, summary.withdrawn) == (2, 1, 1, 0)
    hit = _stored(app, named)[ZORVEX]
    assert hit.new_since == "2026-11-20" and hit.list_name.startswith("CSL") and hit.first_seen_on == TODAY
    assert _stored(app, clean) == {}
    assert _items(app, named)["restricted-party-match"].dropped_at is None
    with make_session_factory(app.state.engine)() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "screening.rescreen"))
        assert [(e.object_id, e.detail["added"]) for e in events] == [(str(named), 1)]
    assert _pass(app, updated).changed == 0  # a second pass over the same lists changes nothing

    staff = _client(app, tmp_path, updated, "officer@example.edu", "compliance")
    page = staff.get("/staff/screening").text
    assert f'href="/trips/{named}/screening"' in page and f'href="/trips/{clean}/screening"' not in page
    assert "New since the list update of 2026-11-20" in page
    mine = _client(app, tmp_path, updated, "ada@example.edu", "traveler")
    trip_page = mine.get(f"/trips/{named}").text
    assert (
        "New since the list update of 2026-11-20" in trip_page
        and 'id="item-restricted-party-match"' in trip_page
    )
    token = {"Authorization": f"Bearer {api_token(mine.app)}"}
    (review,) = mine.get(f"/api/v1/trips/{named}", headers=token).json()["screening_review"]
    assert review["new_since"] == "2026-11-20" and review["state"] == "open"


def test_hits_a_list_update_removed_are_withdrawn_and_decisions_are_kept(app, traveler, lists_dir, tmp_path):
    trip = trip_with(traveler, ZORVEX, QUILLON)
    import_csl(lists_dir, as_of="2026-11-20")
    first = rulebook_of(lists_dir)
    assert _pass(app, first).changed == 1
    zorvex = _stored(app, trip)[ZORVEX].entity_id
    _decide(app, trip, ZORVEX, zorvex, first)

    import_csl(lists_dir, as_of="2026-11-27", without=(ZORVEX,))
    second = rulebook_of(lists_dir)
    summary = _pass(app, second)

    assert (summary.changed, summary.added, summary.withdrawn) == (1, 0, 1)
    hits = _stored(app, trip)
    assert hits[ZORVEX].withdrawn_on == TODAY and hits[QUILLON].withdrawn_on is None
    with make_session_factory(app.state.engine)() as session:
        (decision,) = session.scalars(select(ScreeningDecision))
        assert (decision.entity_id, decision.decision) == (zorvex, "escalated")
    staff = _client(app, tmp_path, second, "officer@example.edu", "compliance")
    page = staff.get("/staff/screening").text
    assert f"Withdrawn on {TODAY.isoformat()}: no longer on the list" in page
    assert re.search(r"<del>Zorvex Aerospace Research Institute → Zorvex", page)
    token = {"Authorization": f"Bearer {api_token(staff.app, 'officer@example.edu', 'compliance')}"}
    by_name = {
        h["query"]: h for h in staff.get(f"/api/v1/trips/{trip}/screening-decisions", headers=token).json()
    }
    assert by_name[ZORVEX]["withdrawn_on"] == TODAY.isoformat() and by_name[ZORVEX]["state"] == "escalated"
    assert by_name[QUILLON]["new_since"] == "2026-11-20" and by_name[QUILLON]["withdrawn_on"] is None
    trip_review = staff.get(f"/trips/{trip}/screening").text
    assert "Withdrawn on" in trip_review and "Asked export control." in trip_review

    import_csl(lists_dir, as_of="2026-12-01")  # listed again
    assert _pass(app, rulebook_of(lists_dir)).changed == 1
    again = _stored(app, trip)[ZORVEX]
    assert (again.withdrawn_on, again.new_since, again.first_seen_on) == (None, "2026-12-01", TODAY)
    with make_session_factory(app.state.engine)() as session:
        assert [d.decision for d in session.scalars(select(ScreeningDecision))] == ["escalated"]


def test_an_opensanctions_update_is_screened_like_any_list(app, traveler, lists_dir):
    trip = trip_with(traveler, VELMORA)
    import_opensanctions(lists_dir)
    updated = rulebook_of(lists_dir)
    assert _pass(app, updated).changed == 1
    hit = _stored(app, trip)[VELMORA]
    (match,) = updated.screener.screen([VELMORA])[0].hits
    assert hit.new_since == match.as_of and hit.entity_id == match.entity_id


def test_trips_already_over_are_not_screened_again(app, traveler, lists_dir):
    trip_with(traveler, ZORVEX)
    import_csl(lists_dir, as_of="2026-11-20")
    summary = _pass(app, rulebook_of(lists_dir), today=date(2027, 3, 21))  # the day after it ends
    assert (summary.screened, summary.changed) == (0, 0)


def test_hostile_names_are_stored_as_typed_and_shown_escaped(app, traveler, lists_dir, tmp_path):
    hostile = "Zorvex Aero Research Inst. <script>alert(1)</script>"
    trip = trip_with(traveler, hostile)
    import_csl(lists_dir, as_of="2026-11-20")
    updated = rulebook_of(lists_dir)
    assert _pass(app, updated).changed == 1
    assert hostile in _stored(app, trip)
    page = _client(app, tmp_path, updated, "officer@example.edu", "compliance").get("/staff/screening").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_save_by_a_worker_without_the_update_leaves_the_stored_hits_alone(
    app, traveler, lists_dir, rulebook
):
    trip = trip_with(traveler, ZORVEX)
    import_csl(lists_dir, as_of="2026-11-20")
    assert _pass(app, rulebook_of(lists_dir)).changed == 1
    with make_session_factory(app.state.engine)() as session:  # the shipped lists only: no Zorvex
        changes = screening_service.store_hits(
            session, trip=session.get(Trip, trip), rulebook=rulebook, today=TODAY
        )
        session.commit()
    assert not changes.changed
    hit = _stored(app, trip)[ZORVEX]
    assert (hit.withdrawn_on, hit.new_since) == (None, "2026-11-20")


def test_an_escalated_hit_since_withdrawn_stays_queued_until_an_officer_closes_it(
    app, traveler, lists_dir, tmp_path
):
    trip = trip_with(traveler, ZORVEX)
    import_csl(lists_dir, as_of="2026-11-20")
    first = rulebook_of(lists_dir)
    _pass(app, first)
    zorvex = _stored(app, trip)[ZORVEX].entity_id
    _decide(app, trip, ZORVEX, zorvex, first)
    import_csl(lists_dir, as_of="2026-11-27", without=(ZORVEX,))
    second = rulebook_of(lists_dir)
    _pass(app, second)
    staff = _client(app, tmp_path, second, "officer@example.edu", "compliance")
    assert f'href="/trips/{trip}/screening"' in staff.get("/staff/screening").text

    _decide(app, trip, ZORVEX, zorvex, second, decision="cleared")  # decided on the stored hit

    page = staff.get("/staff/screening").text
    assert f'href="/trips/{trip}/screening"' not in page and "0 trips to review" in page
