"""Re-evaluation against real parts: a data directory with a real advisory import, a database
of each kind built by the migrations, trips saved through the service, a loopback SMTP server."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest

from tests.feeds.test_reminders import PASSWORD, smtp  # noqa: F401
from tests.support.fixtures import itinerary_data, postgres_server  # noqa: F401
from travelprep.accounts import repository as users
from travelprep.db import migrate
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.engine.itinerary import parse_itinerary
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers.advisories import import_advisories
from travelprep.refdata.rulebook_loading import load_versioned_rulebook
from travelprep.settings import Settings
from travelprep.trips import service as trip_service

FEEDS = Path(__file__).resolve().parents[1] / "refdata" / "feeds"
TODAY = date(2026, 12, 2)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh migrated database per test: the job reads every trip in it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'travelprep.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"re_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url):
    found = make_engine(database_url)
    yield found
    found.dispose()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data directory with the sample advisory feed imported (Mexico at Level 2)."""
    folder = tmp_path / "data"
    import_advisories(feed_with(), origin="advisories.xml", store=DataStore(folder), allow_fewer=True)
    return folder


@pytest.fixture
def settings(data_dir, database_url, smtp) -> Settings:  # noqa: F811
    _, port = smtp
    return Settings(
        env="development",
        data_dir=data_dir,
        database_url=database_url,
        public_base_url="https://travelprep.example.edu",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_username="travelprep",
        smtp_password=PASSWORD,
        mail_from="TravelPrep <travelprep@example.edu>",
    )


def feed_with(*, mexico_level: int = 2, published: str = "Tue, 06 Oct 2026 09:00:00 -0400") -> bytes:
    """The sample feed as published, with Mexico's advisory item moved to another level."""
    text = (FEEDS / "advisories.xml").read_text(encoding="utf-8")
    names = {
        1: "Exercise Normal Precautions",
        2: "Exercise Increased Caution",
        3: "Reconsider Travel",
        4: "Do Not Travel",
    }
    start = text.index("<title>Mexico - Level 2")
    end = text.index("</item>", start)
    item = text[start:end]
    item = re.sub(
        r"Level 2: Exercise Increased Caution", f"Level {mexico_level}: {names[mexico_level]}", item
    )
    item = re.sub(r"<pubDate>[^<]*</pubDate>", f"<pubDate>{published}</pubDate>", item)
    return (text[:start] + item + text[end:]).encode()


def save_trip(
    engine, settings, *, email: str, country: str = "MX", city: str = "Mexico City", **changes
) -> int:
    """A trip saved through the service with the data in force, as the trip form saves it."""
    legs = [
        {"country": country, "region": None, "city": city, "arrive": "2027-03-10", "depart": "2027-03-19"}
    ]
    data = itinerary_data(**({"legs": legs} | changes))
    data["traveler"] = {**data["traveler"], "email": email}
    loaded = load_versioned_rulebook(settings)
    with make_session_factory(engine)() as session:
        user = users.get_or_create(session, email=email, name="Ada Lovelace")
        trip = trip_service.create_trip(
            session, user=user, itinerary=parse_itinerary(data), rulebook=loaded.rulebook, today=TODAY
        )
        session.commit()
        return trip.id
