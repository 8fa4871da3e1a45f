"""Naming the places in calendar events: airports, countries, cities and US states."""

from __future__ import annotations

import pytest

from travelprep.calendar.ics_events import _airports_named
from travelprep.calendar.places import airport, place_from_text


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("BOS → PVG", ("BOS", "PVG")),
        ("Flight UA 857 SFO-PVG", ("SFO", "PVG")),
        ("BOS-PVG", ("BOS", "PVG")),
        ("Boston (BOS) to Shanghai (PVG)", ("BOS", "PVG")),
        ("UA857 FRA/BOS", ("FRA", "BOS")),
        ("Lufthansa LH 424 FRA->BOS", ("FRA", "BOS")),
    ],
)
def test_flight_summaries_name_their_airports(text, route):
    origin, destination = _airports_named(text)
    assert (origin.airport, destination.airport) == route


@pytest.mark.parametrize("text", ["THE END", "Meeting with the team", "BOS-BOS", "XQZ-QQQ", "bos-pvg"])
def test_words_and_unknown_codes_are_not_flights(text):
    assert _airports_named(text) is None


def test_airports_carry_country_city_and_time_zone():
    pvg = airport("PVG")
    assert (pvg.country, pvg.city, pvg.timezone) == ("CN", "Shanghai", "Asia/Shanghai")
    assert airport("ZZZ") is None


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("Tokyo, Japan", "JP", "Tokyo"),
        ("Park Hyatt Tokyo, 3-7-1-2 Nishi Shinjuku, Shinjuku-ku, Tokyo 163-1055, Japan", "JP", "Tokyo"),
        ("228 Rue de Rivoli, 75001 Paris, France", "FR", "Paris"),
        ("Am Kaiserplatz, 60311 Frankfurt am Main, Germany", "DE", "Frankfurt am Main"),
        ("Frankfurt, Germany", "DE", "Frankfurt am Main"),
        ("Zürich, Switzerland", "CH", "Zürich"),
        ("Boston, MA 02115, USA", "US", "Boston"),
        ("Cambridge, Massachusetts", "US", "Cambridge"),
        ("Moscow", "RU", "Moscow"),  # the big one, not Moscow, Idaho
        ("Shanghai, People's Republic of China", "CN", "Shanghai"),
        ("Hong Kong", "HK", "Hong Kong"),
        ("Japan", "JP", None),
        ("Taipei, Taiwan", "TW", "Taipei"),
        ("Seoul, South Korea", "KR", "Seoul"),
        ("Terminal 2 (CDG)", "FR", "Paris"),
    ],
)
def test_locations_name_a_country_and_city(text, country, city):
    found = place_from_text(text)
    assert found is not None and (found.country, found.city) == (country, city)


@pytest.mark.parametrize("text", ["Dinner with Bob", "Room 32-G449", "Office", "Home", "Team sync", ""])
def test_text_without_a_place_names_none(text):
    assert place_from_text(text) is None


def test_warm_up_builds_the_tables_once():
    from travelprep.calendar import places

    places.warm_up()
    assert places._gazetteer.cache_info().currsize == 1
    places.warm_up()
    assert places._gazetteer.cache_info().misses <= 1
