"""Calendar fixtures: a real checklist for the example trip, and both parsers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.builders import TODAY
from travelprep.calendar.builder import SERIALIZED_TRIPS, build_calendar
from travelprep.calendar.trips import TripCalendar
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary_files import read_itinerary_file

EXAMPLE = Path(__file__).parents[2] / "examples" / "shanghai-conference.yaml"
NOW = datetime(2026, 11, 21, 14, 30, tzinfo=UTC)
DOMAIN = "travelprep.example.edu"
# The example trip's items with a due date, each an event.
DATED_ITEMS = {
    "step-enrolment",
    "travel-health",
    "device-hygiene",
    "informal-collaboration-review",
    "loaner-device",
    "encryption-import",
    "register-trip",
    "tmp-bag-exception",
    "change-passwords",
    "return-device",
    "security-laws-and-exit-bans",
    "research-security-training",
    "brief-research-group",
    # Fudan University, which the example trip names, is on the DoD Section 1286 list.
    "restricted-party-match",
}


@pytest.fixture(autouse=True)
def cold_cache():
    """Each test serializes from scratch, so no test passes on another's cached bytes."""
    SERIALIZED_TRIPS.clear()


@pytest.fixture(scope="session")
def example_itinerary():
    return read_itinerary_file(EXAMPLE)


@pytest.fixture(scope="session")
def example_checklist(example_itinerary, rulebook):
    return generate_checklist(example_itinerary, rulebook, TODAY)


@pytest.fixture
def example_trip(example_checklist):
    return TripCalendar(
        key="trip-42",
        checklist=example_checklist,
        title="Shanghai and Hong Kong",
        url="https://travelprep.example.edu/trips/42",
    )


def build(*trips: TripCalendar, name: str = "Ada's trips", now: datetime = NOW) -> bytes:
    return build_calendar(list(trips), name=name, domain=DOMAIN, now=now)
