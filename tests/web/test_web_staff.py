"""Research Compliance: all trips with filters, CSV export, who is abroad."""

import pytest

from tests.support.web import create_trip, sign_in

pytestmark = pytest.mark.web

FRANCE = {
    "leg_count": "1",
    "traveler.name": "Bob Marley",
    "departure": "2027-06-01",
    "return": "2027-06-10",
    "legs[0].country": "France",
    "legs[0].city": "Paris",
    "legs[0].arrive": "2027-06-02",
    "legs[0].depart": "2027-06-09",
}


@pytest.fixture
def officer(client, other_client):
    sign_in(client, "ada@example.edu")
    create_trip(client)
    create_trip(client, **FRANCE)
    sign_in(other_client, "officer@example.edu", "compliance")
    return other_client


def test_all_trips_lists_every_travelers_trip(officer):
    page = officer.get("/staff/trips")
    assert page.status_code == 200 and "2 trips" in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=France", "Bob Marley"),
        ("country=fr", "Bob Marley"),
        ("risk=yes", "Ada Lovelace"),
        ("risk=no", "Bob Marley"),
        ("start=2027-05-01", "Bob Marley"),
        ("end=2027-04-01", "Ada Lovelace"),
    ],
)
def test_filters(officer, query, expected):
    page = officer.get(f"/staff/trips?{query}").text
    assert "1 trip<" in page and expected in page


def test_bad_filter_date_is_explained_not_a_crash(officer):
    page = officer.get("/staff/trips?start=tomorrow")
    assert page.status_code == 400 and "YYYY-MM-DD" in page.text


def test_csv_follows_the_filters(officer):
    rows = officer.get("/staff/trips.csv?country=CN").text.strip().splitlines()
    assert len(rows) == 2 and "Ada Lovelace" in rows[1] and "CN JP" in rows[1]


def test_who_is_abroad_in_a_country_and_anywhere(officer):
    page = officer.get("/staff/abroad?country=China&day=2027-03-12").text
    assert "1 traveler in China" in page and "Shanghai" in page and "ada@example.edu" in page
    anywhere = officer.get("/staff/abroad?day=2027-06-05").text
    assert "1 traveler abroad" in anywhere and "Paris" in anywhere
    assert "0 travelers" in officer.get("/staff/abroad?country=JP&day=2027-06-05").text


def test_who_is_abroad_bad_day(officer):
    assert officer.get("/staff/abroad?day=soon").status_code == 400
