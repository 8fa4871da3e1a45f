"""Helpers for route tests: settings, sign-in, tokens and a valid itinerary form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from travelprep.db import tokens, users
from travelprep.db.engine import make_session_factory
from travelprep.settings import Settings

ORIGIN = "http://testserver"


def make_settings(tmp_path, **overrides) -> Settings:
    """Development settings on a database in tmp_path."""
    values = {
        "env": "development",
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'travelprep.sqlite3'}",
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
