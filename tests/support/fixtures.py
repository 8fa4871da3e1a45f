"""Fixtures: a real database of each kind, built by the migrations, and one transaction per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.support.postgres import ThrowawayPostgres
from travelprep.db import migrate
from travelprep.db.engine import make_engine

TODAY = date(2026, 11, 21)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL cluster for this test process; fails loudly when the server is missing."""
    server = ThrowawayPostgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_engine(request, tmp_path_factory) -> Iterator[Engine]:
    """An engine on a database migrated to the newest schema, once per kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"test_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test; commits are savepoints."""
    with db_engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


def itinerary_data(**changes) -> dict:
    """A valid two-leg itinerary in CONTRACT.md's shape, with `changes` applied on top."""
    data = {
        "traveler": {
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "role": "faculty",
            "citizenships": ["US"],
            "us_permanent_resident": False,
            "visa_status": None,
        },
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs": [
            {
                "country": "CN",
                "region": None,
                "city": "Shanghai",
                "arrive": "2027-03-10",
                "depart": "2027-03-15",
            },
            {
                "country": "JP",
                "region": None,
                "city": "Tokyo",
                "arrive": "2027-03-15",
                "depart": "2027-03-19",
            },
        ],
        "purposes": ["conference"],
        "activities": {"presenting": True},
        "carrying": {"devices": ["laptop", "phone"], "data": ["public"], "equipment": False},
        "institutions": [],
    }
    data.update(changes)
    return data
