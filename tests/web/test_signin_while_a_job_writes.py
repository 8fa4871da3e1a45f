"""A sign-in while another process writes to the SQLite database waits for it, never fails.

The app re-evaluates trips in a child process when it starts on new data, so the first
sign-ins can meet another writer. A transaction that reads and then writes fails at once
("database is locked") if another writer committed in between; a sign-in takes the write
lock first instead, and waits.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.web


def test_a_new_user_signs_in_while_another_connection_holds_the_write_lock(app, client):
    database = app.state.engine.url
    holding, done = threading.Event(), threading.Event()

    def write_for_a_moment() -> None:
        other = create_engine(database)
        with other.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.execute(text("UPDATE users SET name = name"))  # a real write, committed below
            holding.set()
            time.sleep(0.4)  # the sign-in arrives while the lock is held
            connection.exec_driver_sql("COMMIT")
        other.dispose()
        done.set()

    writer = threading.Thread(target=write_for_a_moment)
    writer.start()
    assert holding.wait(10)
    answer = client.post("/signin", data={"email": "new.person@example.edu", "role": "traveler"})
    writer.join()
    assert done.is_set()
    assert answer.status_code == 303, answer.text
    assert client.get("/trips").status_code == 200  # signed in
