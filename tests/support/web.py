"""Helpers for route tests: settings, sign-in, tokens, a valid itinerary form, trip pages, SQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from travelprep.accounts import repository as users
from travelprep.accounts import tokens
from travelprep.db.engine import make_session_factory
from travelprep.settings import Settings

ORIGIN = "http://testserver"


def make_settings(tmp_path, **overrides) -> Settings:
    """Development settings on a database in tmp_path."""
    values = {
        "env": "development",
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'travelprep.sqlite3'}",
        # Re-evaluation in a child process is tested on its own (tests/reevaluation).
        "reevaluate_in_background": False,
    }
    return Settings(**(values | overrides))


def sign_in(client: TestClient, email: str = "ada@example.edu", role: str = "traveler") -> None:
    """Sign in through the dev sign-in form."""
    response = client.post("/signin", data={"email": email, "role": role, "next": "/trips"})
    assert response.status_code == 303, response.text


def api_token(app, email: str = "ada@example.edu", role: str = "traveler") -> str:
    """A bearer token for `email`, made as `travelprep tokens create` does."""
    with make_session_factory(app.state.engine)() as session:
        user = users.get_or_create(session, email=email, role=role)
        _, plain = tokens.create(session, user=user)
        session.commit()
    return plain


def form_data(**changes) -> dict:
    """A valid two-leg itinerary as the form posts it."""
    data = {
        "leg_count": "2",
        "traveler.name": "Ada Lovelace",
        "traveler.email": "ada@example.edu",
        "traveler.role": "faculty",
        "traveler.citizenships": ["United States", ""],
        "traveler.visa_status": "",
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs[0].country": "China",
        "legs[0].region": "",
        "legs[0].city": "Shanghai",
        "legs[0].arrive": "2027-03-10",
        "legs[0].depart": "2027-03-15",
        "legs[1].country": "JP",
        "legs[1].region": "",
        "legs[1].city": "Tokyo",
        "legs[1].arrive": "2027-03-15",
        "legs[1].depart": "2027-03-19",
        "purposes": ["conference"],
        "activities": ["presenting"],
        "carrying.devices": ["laptop", "phone"],
        "carrying.data": ["public"],
        "institutions": "",
        "save": "1",
    }
    data.update(changes)
    return data


def create_trip(client: TestClient, **changes) -> int:
    """Save a trip through the form; returns its id."""
    response = client.post("/trips/new", data=form_data(**changes))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def tickable_items(page: str) -> list[str]:
    """The ids of a trip page's items that can be ticked, in page order."""
    return list(dict.fromkeys(re.findall(r'action="/trips/\d+/items/([\w-]+)"', page)))


def finished(page: str) -> str:
    """A trip page's progress: "N of M" items finished."""
    return re.search(r"(\d+ of \d+) items finished", page)[1]


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """The SQL statements any engine runs inside the block (transaction control left out)."""
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            seen.append(statement)

    # Listening on the class covers the app's engines, the async ones' included.
    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)
