"""Itinerary validation: each bad-input rule of CONTRACT.md names its field."""

from __future__ import annotations

import pytest

from tests.builders import leg, trip_data
from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary
from travelprep.engine.itinerary_files import parse_itinerary_text


def errors_of(data) -> dict[str, str]:
    with pytest.raises(InvalidItinerary) as caught:
        parse_itinerary(data)
    return {e.field: e.message for e in caught.value.errors}


def test_a_valid_itinerary_normalizes_codes():
    itinerary = parse_itinerary(
        trip_data(traveler={"citizenships": ["us", " gb "]}, legs=[leg("ua", region="ua-43")])
    )
    assert itinerary.traveler.citizenships == ["US", "GB"]
    assert (itinerary.legs[0].country, itinerary.legs[0].region) == ("UA", "UA-43")


def test_round_trip_through_data():
    itinerary = parse_itinerary(trip_data(institutions=["Fudan University"]))
    assert parse_itinerary(itinerary.to_data()) == itinerary
    assert itinerary.to_data()["return"] == "2027-03-20"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"legs": [leg("XX")]}, "legs[0].country", "unknown country code 'XX'"),
        ({"legs": [leg("UA", region="UA-99")]}, "legs[0].region", "unknown region code"),
        ({"legs": [leg("RU", region="UA-43")]}, "legs[0].region", "not a region of RU"),
        # As regions of CN they would take China's facts: Taiwan in D:5 and elevated-risk.
        ({"legs": [leg("CN", region="CN-TW")]}, "legs[0].region", "use country TW and no region"),
        ({"legs": [leg("CN", region="cn-hk")]}, "legs[0].region", "use country HK and no region"),
        ({"legs": [leg("CN", region="CN-MO")]}, "legs[0].region", "use country MO and no region"),
        ({"return": "2027-03-01"}, "return", "before departure"),
        ({"legs": [leg("FR", arrive="2027-03-01")]}, "legs[0].arrive", "outside the trip"),
        ({"legs": [leg("FR", depart="2027-04-01")]}, "legs[0].depart", "outside the trip"),
        (
            {"legs": [leg("FR", arrive="2027-03-15", depart="2027-03-12")]},
            "legs[0].depart",
            "before arriving",
        ),
        (
            {
                "legs": [
                    leg("FR", arrive="2027-03-10", depart="2027-03-15"),
                    leg("DE", arrive="2027-03-12", depart="2027-03-18"),
                ]
            },
            "legs[1].arrive",
            "overlaps leg 1",
        ),
        ({"legs": []}, "legs", "at least 1"),
        ({"purposes": ["holiday"]}, "purposes[0]", "must be one of"),
        ({"traveler": {"role": "professor"}}, "traveler.role", "must be one of"),
        ({"carrying": {"devices": ["pager"]}}, "carrying.devices[0]", "must be one of"),
        # Read as a laptop (the safe side), but the traveller meant one or the other: ask.
        ({"carrying": {"devices": ["none", "laptop"]}}, "carrying.devices", "cannot go with devices"),
        ({"carrying": {"data": ["secret"]}}, "carrying.data[0]", "must be one of"),
        ({"traveler": {"citizenships": []}}, "traveler.citizenships", "at least 1"),
        ({"traveler": {"citizenships": ["ZZ"]}}, "traveler.citizenships[0]", "unknown country code"),
        ({"traveler": {"email": "not an email"}}, "traveler.email", "pattern"),
        ({"traveler": {"visa_status": "B-2"}}, "traveler.visa_status", "must be one of"),
        ({"departure": "2027-02-30"}, "departure", "date"),
        ({"surprise": True}, "surprise", "unknown field"),
        ({"activities": {"smuggling": True}}, "activities.smuggling", "unknown field"),
        ({"legs": [{**leg("FR"), "hotel": "Ritz"}]}, "legs[0].hotel", "unknown field"),
        ({"institutions": ["x" * 201]}, "institutions[0]", "at most 200"),
        ({"institutions": ["ok"] * 51}, "institutions", "at most 50"),
    ],
)
def test_bad_input_names_the_field(changes, field, words):
    found = errors_of(trip_data(**changes))
    assert field in found, found
    assert words in found[field]


def test_adjacent_legs_on_the_same_day_are_allowed():
    parse_itinerary(
        trip_data(
            legs=[
                leg("FR", arrive="2027-03-10", depart="2027-03-14"),
                leg("DE", arrive="2027-03-14", depart="2027-03-19"),
            ]
        )
    )


def test_every_problem_is_reported_at_once():
    found = errors_of(trip_data(legs=[leg("XX"), leg("YY")], purposes=["nap"]))
    assert {"legs[0].country", "legs[1].country", "purposes[0]"} <= set(found)


def test_not_a_mapping_is_an_error():
    assert errors_of(["a list"]) == {"itinerary": "expected a mapping of fields"}


def test_control_characters_and_line_breaks_are_removed_from_text():
    itinerary = parse_itinerary(
        trip_data(
            traveler={"name": "Ada\r\nBcc: evil@example.com\x00\x1b[31m"},
            legs=[leg("FR", city="Paris\u2028Lyon\t")],
            institutions=["Fudan\x07 University"],
        )
    )
    assert itinerary.traveler.name == "Ada Bcc: evil@example.com [31m"
    assert itinerary.legs[0].city == "Paris Lyon"
    assert itinerary.institutions == ["Fudan University"]


def test_html_is_kept_as_text_not_interpreted():
    itinerary = parse_itinerary(trip_data(legs=[leg("FR", city="<script>alert(1)</script>")]))
    assert itinerary.legs[0].city == "<script>alert(1)</script>"  # escaping is the renderer's job


def test_blank_name_is_an_error_after_cleaning():
    assert "traveler.name" in errors_of(trip_data(traveler={"name": " \x00 "}))


class TestText:
    def test_yaml_reads_norway_as_a_country_not_false(self):
        text = "\n".join(
            [
                "traveler: {name: A, email: a@b.edu, role: staff, citizenships: [NO]}",
                "departure: 2027-03-09",
                "return: 2027-03-20",
                "legs: [{country: NO}]",
            ]
        )
        itinerary = parse_itinerary_text(text)
        assert itinerary.traveler.citizenships == ["NO"] and itinerary.legs[0].country == "NO"

    def test_an_impossible_yaml_date_names_its_field(self):
        text = (
            "traveler: {name: A, email: a@b.edu, role: staff, citizenships: [US]}\n"
            "departure: 2027-02-30\nreturn: 2027-03-20\nlegs: [{country: FR}]\n"
        )
        with pytest.raises(InvalidItinerary) as caught:
            parse_itinerary_text(text)
        assert caught.value.errors[0].field == "departure"

    def test_broken_yaml_says_where(self):
        with pytest.raises(InvalidItinerary) as caught:
            parse_itinerary_text("traveler: [unclosed\nlegs: 1\n")
        assert caught.value.errors[0].field == "file"
        assert "line" in caught.value.errors[0].message

    def test_broken_json_says_where(self):
        with pytest.raises(InvalidItinerary) as caught:
            parse_itinerary_text('{"traveler": }', fmt="json")
        assert "not valid JSON at line 1" in caught.value.errors[0].message

    def test_huge_input_is_refused(self):
        with pytest.raises(InvalidItinerary) as caught:
            parse_itinerary_text("x" * 1_000_001)
        assert "larger than" in caught.value.errors[0].message

    def test_a_yaml_scalar_is_not_an_itinerary(self):
        with pytest.raises(InvalidItinerary):
            parse_itinerary_text("just words")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (leg("UA", city="Yalta"), "for Yalta, give region UA-43 (Crimea, Ukraine)"),
        (leg("ru", city="Sevastopol"), "for Sevastopol, give region UA-40 and country UA"),
        (leg("RU", city="Simferopol, Crimea"), "give region UA-43 and country UA"),
        (leg("UA", city="Donetsk"), "for Donetsk, give region UA-14 (Donetsk oblast, Ukraine)"),
        (leg("UA", city="Luhansk"), "give region UA-09"),
        (leg("UA", region="UA-14", city="Yevpatoria"), "give region UA-43"),
        (leg("GE", city="Sokhumi"), "give region GE-AB (Abkhazia, Georgia)"),
        (leg("UA", city="Melitopol"), "give region UA-23"),
    ],
)
def test_a_city_of_a_sanctioned_or_occupied_region_asks_for_the_region(given, message):
    # A leg to Yalta with no region got Ukraine's facts and not a word about the Crimea embargo.
    found = errors_of(trip_data(legs=[given]))
    assert message in found["legs[0].region"], found


@pytest.mark.parametrize(
    "given",
    [
        leg("UA", region="UA-43", city="Yalta"),
        leg("UA", region="UA-43", city="Sevastopol"),  # Sevastopol is often called part of Crimea
        leg("UA", region="UA-40", city="sevastopol"),
        leg("UA", region="UA-14", city="Kramatorsk"),
        leg("UA", city="Kyiv"),
        leg("UA", city="Zaporizhzhia"),  # the oblast capital is not occupied
        leg("US", city="Donetsk"),  # only a claim on Ukraine or Georgia is read this way
        leg("GE", city="Tbilisi"),
        leg("RU", region="RU-ROS", city="Donetsk"),  # the Donetsk of Rostov oblast, Russia
    ],
)
def test_cities_outside_those_regions_or_with_the_region_given_pass(given):
    assert parse_itinerary(trip_data(legs=[given]))


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("UK", "GB for United Kingdom"),
        ("Russia", "RU for Russia"),
        ("USA", "US for United States"),
        ("chn", "CN for China"),
        ("Hong Kong", "HK for Hong Kong"),
        ("Macao", "MO for Macau"),
        ("XX", "e.g. CN"),
    ],
)
def test_a_country_given_by_name_or_another_code_is_told_its_alpha_2(given, hint):
    # The contract takes alpha-2 codes only; the error said "e.g. CN" to someone who wrote Russia.
    found = errors_of(trip_data(legs=[leg(given)], traveler={"citizenships": [given]}))
    assert found["legs[0].country"].endswith(f"use ISO 3166-1 alpha-2, {hint}")
    assert found["traveler.citizenships[0]"].endswith(hint)
