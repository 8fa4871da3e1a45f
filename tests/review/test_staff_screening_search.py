"""Research Compliance finds a traveller's trips on the screening review list by name or email."""

from __future__ import annotations

import re

import pytest

from tests.review.conftest import LISTED
from tests.review.helpers import trip_with
from tests.support.web import create_trip

LISTED_TRIP = re.compile(r'href="/trips/(\d+)/screening"')


def _listed(officer, **params) -> set[int]:
    page = officer.get("/staff/screening", params=params)
    assert page.status_code == 200
    return {int(found) for found in LISTED_TRIP.findall(page.text)}


@pytest.fixture
def two_trips(traveler, other_traveler) -> tuple[int, int]:
    ada = trip_with(traveler, LISTED)
    grace = create_trip(
        other_traveler,
        institutions=LISTED,
        **{"traveler.name": "Grace Hopper", "traveler.email": "grace@example.edu"},
    )
    return ada, grace


def test_the_list_is_searched_by_name_or_email_in_any_case(officer, two_trips):
    ada, grace = two_trips
    assert _listed(officer) == {ada, grace}
    assert _listed(officer, q="hopper") == {grace}
    assert _listed(officer, q="  ADA@EXAMPLE.EDU ") == {ada}
    assert _listed(officer, q="nobody") == set()
    page = officer.get("/staff/screening", params={"q": "hopper"}).text
    assert "1 trip to review for “hopper”" in page and 'value="hopper"' in page


@pytest.mark.parametrize("typed", ["%", "_", "<script>alert(1)</script>", "x" * 10_000, "a\r\nb"])
def test_hostile_or_huge_searches_match_nothing_and_are_shown_escaped(officer, two_trips, typed):
    page = officer.get("/staff/screening", params={"q": typed})
    assert page.status_code == 200
    assert LISTED_TRIP.findall(page.text) == []  # % and _ are matched as typed, not as wildcards
    assert "<script>alert(1)</script>" not in page.text


def test_travelers_cannot_search_the_list(traveler, two_trips):
    assert traveler.get("/staff/screening", params={"q": "ada"}).status_code == 403
