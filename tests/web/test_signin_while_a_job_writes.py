"""Form saves while another process writes to the SQLite database wait for it, never fail.

The app re-evaluates trips in a child process when it starts on new data, so the first
sign-ins and saves can meet another writer. A transaction that reads and then writes fails
at once ("database is locked") if another writer committed in between; these take the write
lock first instead, and wait.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from tests.support.web import form_data

pytestmark = pytest.mark.web


@contextmanager
def another_writer(app) -> Iterator[None]:
    """Another connection holds the write lock for a moment, then commits a real write."""
    holding = threading.Event()

    def write_for_a_moment() -> None:
        other = create_engine(app.state.engine.url)
        with other.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.execute(text("UPDATE users SET name = name"))
            holding.set()
            time.sleep(0.4)  # the request arrives while the lock is held
            connection.exec_driver_sql("COMMIT")
        other.dispose()

    writer = threading.Thread(target=write_for_a_moment)
    writer.start()
    assert holding.wait(10)
    try:
        yield
    finally:
        writer.join()


def test_a_new_user_signs_in_while_another_connection_holds_the_write_lock(app, client):
    with another_writer(app):
        answer = client.post("/signin", data={"email": "new.person@example.edu", "role": "traveler"})
    assert answer.status_code == 303, answer.text
    assert client.get("/trips").status_code == 200  # signed in


def test_a_new_trip_is_saved_while_another_connection_holds_the_write_lock(app, client):
    assert client.post("/signin", data={"email": "ada@example.edu", "role": "traveler"}).status_code == 303
    with another_writer(app):
        saved = client.post("/trips/new", data=form_data())
    assert saved.status_code == 303, saved.text
    assert client.get(saved.headers["location"]).status_code == 200


def test_an_item_is_ticked_while_another_connection_holds_the_write_lock(app, client):
    assert client.post("/signin", data={"email": "ada@example.edu", "role": "traveler"}).status_code == 303
    trip = client.post("/trips/new", data=form_data()).headers["location"]
    page = client.get(trip).text
    item = re.search(r'action="/trips/\d+/items/([a-z0-9-]+)"', page).group(1)
    with another_writer(app):
        ticked = client.post(f"{trip}/items/{item}", data={"status": "done"})
    assert ticked.status_code == 303, ticked.text
    assert "1 of " in client.get(trip).text  # one item finished
