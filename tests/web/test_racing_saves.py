"""Saves of one trip racing each other, on SQLite and PostgreSQL: exactly one wins, none is lost.

Each client runs in its own thread with its own event loop and database connection, released
together by a barrier, so the saves really overlap (the If-Match check alone let two through).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import app_on
from tests.support.fixtures import TODAY, itinerary_data, postgres_server  # noqa: F401
from tests.support.web import ORIGIN, api_token, create_trip, form_data, sign_in
from travelprep.db import audit
from travelprep.db.engine import make_session_factory
from travelprep.db.models import Trip

pytestmark = [pytest.mark.web, pytest.mark.db]

ROUNDS = 6
CLIENTS = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def app_on_each_db(request, tmp_path, rulebook):
    """The app on a fresh database of each kind, its commits real (for concurrent writers)."""
    yield from app_on(request, tmp_path, rulebook, today=TODAY, prefix="race")


def _race(count: int, send: Callable[[int], object]) -> list:
    barrier = threading.Barrier(count)
    answers: list = [None] * count

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        answers[index] = send(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def _trip(app, trip_id: int) -> tuple[Trip, int]:
    """The stored trip and how many saves of it the audit log records."""
    with make_session_factory(app.state.engine)() as session:
        trip = session.get(Trip, trip_id)
        events = audit.for_object(session, object_type="trip", object_id=trip_id)
        return trip, sum(event.action == "trip.update" for event in events)


def test_simultaneous_puts_with_one_etag_let_exactly_one_through(app_on_each_db):
    headers = {"Authorization": f"Bearer {api_token(app_on_each_db)}"}
    setup = TestClient(app_on_each_db, headers=headers)
    trip_id = setup.post("/api/v1/trips", json=itinerary_data()).json()["id"]
    url = f"/api/v1/trips/{trip_id}"
    clients = [TestClient(app_on_each_db, headers=headers) for _ in range(CLIENTS)]
    for round_ in range(ROUNDS):
        etag = setup.get(url).headers["ETag"]
        bodies = []
        for index in range(CLIENTS):
            body = itinerary_data()
            body["traveler"]["name"] = f"Round {round_} client {index}"
            bodies.append(body)

        def put(index: int, etag=etag, bodies=bodies):
            return clients[index].put(url, json=bodies[index], headers={"If-Match": etag})

        answers = _race(CLIENTS, put)
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200] + [409] * (CLIENTS - 1), (round_, [a.text[:200] for a in answers])
        winner = next(i for i, a in enumerate(answers) if a.status_code == 200)
        stored, saves = _trip(app_on_each_db, trip_id)
        assert stored.itinerary["traveler"]["name"] == f"Round {round_} client {winner}"
        assert stored.calendar_sequence == round_ + 1 == saves
        assert answers[winner].headers["ETag"] == f'"v{round_ + 1}"'


def test_simultaneous_puts_without_if_match_never_lose_a_save_silently(app_on_each_db):
    """Each PUT is based on what it read: a save committed in between makes it a 409, not a loss."""
    headers = {"Authorization": f"Bearer {api_token(app_on_each_db)}"}
    clients = [TestClient(app_on_each_db, headers=headers) for _ in range(CLIENTS)]
    trip_id = clients[0].post("/api/v1/trips", json=itinerary_data()).json()["id"]
    won = 0
    for _ in range(ROUNDS):
        answers = _race(CLIENTS, lambda i: clients[i].put(f"/api/v1/trips/{trip_id}", json=itinerary_data()))
        codes = [answer.status_code for answer in answers]
        assert set(codes) <= {200, 409} and 200 in codes, [a.text[:200] for a in answers]
        won += codes.count(200)
    stored, saves = _trip(app_on_each_db, trip_id)
    # Every 200 moved the version by one from the version it read: none overwrote another.
    assert stored.calendar_sequence == won == saves


def test_two_tabs_saving_the_form_at_once_one_is_shown_the_other_save(app_on_each_db):
    tabs = [TestClient(app_on_each_db, headers={"Origin": ORIGIN}, follow_redirects=False) for _ in range(2)]
    for tab in tabs:
        sign_in(tab)
    trip_id = create_trip(tabs[0])
    for round_ in range(3):
        form = tabs[0].get(f"/trips/{trip_id}/edit").text
        version = re.search(r'name="version" value="(\d+)"', form).group(1)
        cities = [f"Round {round_} tab {i}" for i in range(2)]

        def save(index: int, version=version, cities=cities):
            data = form_data(**{"legs[0].city": cities[index], "version": version})
            return tabs[index].post(f"/trips/{trip_id}/edit", data=data)

        answers = _race(2, save)
        assert sorted(a.status_code for a in answers) == [303, 409], [a.text[:300] for a in answers]
        winner = next(i for i, a in enumerate(answers) if a.status_code == 303)
        refused = answers[1 - winner].text
        assert "This trip was saved again after you opened this page" in refused
        assert f'value="{cities[1 - winner]}"' in refused  # the refused tab's entry is kept
        assert f"Destinations, now saved as: {cities[winner]}" in refused  # and the other is named
        stored, _ = _trip(app_on_each_db, trip_id)
        assert stored.itinerary["legs"][0]["city"] == cities[winner]
