"""Importing an itinerary from calendar files as airlines, agencies and hotels export them."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.builders import BASE_TRIP
from travelprep.calendar.ics_import import UnreadableIcs, draft_itinerary_from_ics
from travelprep.engine.itinerary import parse_itinerary

FIXTURES = Path(__file__).parent / "fixtures"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def draft(name: str, **options):
    return draft_itinerary_from_ics((FIXTURES / name).read_bytes(), **options)


def completed(itinerary: dict) -> dict:
    """What the traveler adds in the form before saving."""
    return {"traveler": BASE_TRIP["traveler"], **itinerary, "purposes": ["conference"]}


def test_simple_round_trip():
    found = draft("round-trip-bos-pvg.ics")
    assert found.itinerary == {
        "departure": "2027-03-09",
        "return": "2027-03-19",
        "legs": [{"country": "CN", "city": "Shanghai", "arrive": "2027-03-10", "depart": "2027-03-19"}],
    }
    assert found.warnings == ()


def test_multi_city_trip_with_train_hotels_and_a_dinner():
    found = draft("multi-city-paris-frankfurt.ics")
    assert found.itinerary == {
        "departure": "2027-04-05",
        "return": "2027-04-12",
        "legs": [
            {"country": "FR", "city": "Paris", "arrive": "2027-04-06", "depart": "2027-04-09"},
            {"country": "DE", "city": "Frankfurt am Main", "arrive": "2027-04-09", "depart": "2027-04-12"},
        ],
    }
    assert found.warnings == ("'Dinner with the Dupont lab' names no place we recognise; it was left out.",)


def test_red_eye_flights_use_local_dates_not_utc():
    found = draft("red-eye-across-midnight.ics")
    # Leaves Boston at 21:30 on 3 May (already 4 May in UTC); lands in Dubai at 00:40 on
    # 11 May local time (still 10 May in UTC).
    assert found.itinerary["departure"] == "2027-05-03"
    assert found.itinerary["legs"] == [
        {"country": "GB", "city": "London", "arrive": "2027-05-04", "depart": "2027-05-10"},
        {"country": "AE", "city": "Dubai", "arrive": "2027-05-11", "depart": "2027-05-14"},
    ]
    assert found.itinerary["return"] == "2027-05-14"


def test_a_connection_is_not_a_leg():
    found = draft("connection-via-sfo.ics")
    assert found.itinerary == {
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs": [{"country": "CN", "city": "Shanghai", "arrive": "2027-03-10", "depart": "2027-03-20"}],
    }


def test_a_hotel_alone_gives_the_trip_with_a_warning():
    found = draft("hotel-only-tokyo.ics")
    assert found.itinerary == {
        "departure": "2027-06-01",
        "return": "2027-06-05",
        "legs": [{"country": "JP", "city": "Tokyo", "arrive": "2027-06-01", "depart": "2027-06-05"}],
    }
    assert any("No flights or trains" in w for w in found.warnings)


@pytest.mark.parametrize(
    "name",
    [
        "round-trip-bos-pvg.ics",
        "multi-city-paris-frankfurt.ics",
        "red-eye-across-midnight.ics",
        "connection-via-sfo.ics",
        "hotel-only-tokyo.ics",
        "hostile-text.ics",
    ],
)
def test_every_draft_validates_once_the_traveler_is_added(name):
    itinerary = parse_itinerary(completed(draft(name).itinerary))
    assert itinerary.legs and itinerary.departure <= itinerary.legs[0].arrive


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.ics", "The file is empty"),
        ("binary-garbage.ics", "not a calendar file"),
        ("contact.vcf", "contact card (vCard)"),
        ("no-events.ics", "has no events"),
        ("truncated.ics", "cut off"),
    ],
)
def test_junk_files_get_a_clear_message(name, message):
    with pytest.raises(UnreadableIcs, match=re.escape(message)):
        draft(name)


def test_oversized_files_are_refused_before_parsing():
    data = (FIXTURES / "round-trip-bos-pvg.ics").read_bytes()
    padded = data.replace(b"END:VCALENDAR", b"X-PAD:" + b"x" * 1_000_000 + b"\r\nEND:VCALENDAR")
    with pytest.raises(UnreadableIcs, match="larger than the limit of 1 MB"):
        draft_itinerary_from_ics(padded)
    with pytest.raises(UnreadableIcs, match="limit of 500 bytes"):
        draft_itinerary_from_ics(data, max_bytes=500)
    assert draft_itinerary_from_ics(data, max_bytes=len(data)).itinerary["legs"]


def test_a_whole_calendar_export_is_refused_cheaply():
    event = b"BEGIN:VEVENT\r\nDTSTART:20270101T100000Z\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n"
    with pytest.raises(UnreadableIcs, match="more than a trip can have"):
        draft_itinerary_from_ics(b"BEGIN:VCALENDAR\r\n" + event * 600 + b"END:VCALENDAR\r\n")
    nested = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 50_000 + b"END:X\r\n" * 50_000 + b"END:VCALENDAR\r\n"
    with pytest.raises(UnreadableIcs, match="more than a trip can have"):
        draft_itinerary_from_ics(nested)


def test_events_without_any_place_give_a_message():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART:20270101T100000Z\r\nSUMMARY:Team standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(UnreadableIcs, match="names an airport, a city or a country"):
        draft_itinerary_from_ics(data)


def test_hostile_text_never_reaches_the_draft_or_the_warnings():
    found = draft("hostile-text.ics")
    # Landed at Narita, stayed in Kyoto: one visit, to Kyoto.
    assert found.itinerary["legs"] == [
        {"country": "JP", "city": "Kyoto", "arrive": "2027-07-02", "depart": "2027-07-06"},
    ]
    assert found.warnings, "the event with no place is reported"
    for warning in found.warnings:
        assert not _CONTROL.search(warning)
        assert len(warning) < 200
    assert "script" not in repr(found.itinerary) and "EVIL" not in repr(found.itinerary)


def test_cancelled_and_undated_events_are_left_out_with_warnings():
    data = (
        (FIXTURES / "round-trip-bos-pvg.ics")
        .read_bytes()
        .replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20270312T100000Z\r\nDTEND:20270312T120000Z\r\n"
            b"SUMMARY:Flight MU 5101 PVG-PEK\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
            b"BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Flight MU 5102 PEK-PVG\r\nDTSTART:not-a-date\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR",
        )
    )
    found = draft_itinerary_from_ics(data)
    assert [leg["city"] for leg in found.itinerary["legs"]] == ["Shanghai"]
    assert any("cancelled" in w for w in found.warnings)
    assert any("no readable start date" in w for w in found.warnings)


@pytest.mark.parametrize(
    "line",
    [
        b"DTSTART;TZID=Europe:20270312T100000",  # a tzdata folder, not a zone
        b"DTSTART;TZID=A;TZID=B:20270312T100000",
        b"DTSTART;TZID=../../../../etc/passwd:20270312T100000",
        b"DTSTART:99991231T235959Z",
        b"DTSTART;VALUE=DATE:00010101",
    ],
)
def test_hostile_dates_and_zones_are_refused_or_reported(line):
    data = (
        (FIXTURES / "round-trip-bos-pvg.ics")
        .read_bytes()
        .replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Flight MU 5101 PVG-PEK\r\n"
            + line
            + b"\r\nEND:VEVENT\r\nEND:VCALENDAR",
        )
    )
    try:
        found = draft_itinerary_from_ics(data)
    except UnreadableIcs as error:
        assert "malformed" in str(error) and "/" not in str(error)  # no server paths in the message
    else:
        assert found.warnings and found.itinerary["legs"][0]["city"] == "Shanghai"


def test_mangled_files_never_crash():
    """Random cuts and insertions into real fixtures: a draft or UnreadableIcs, nothing else."""
    seeds = [
        (FIXTURES / name).read_bytes()
        for name in ("multi-city-paris-frankfurt.ics", "red-eye-across-midnight.ics")
    ]
    pieces = [
        b"BEGIN:VEVENT\r\n",
        b"END:VEVENT\r\n",
        b"DTSTART:xx\r\n",
        b"DTSTART;TZID=Europe:20270101T1000\r\n",
        b"DTSTART;TZID=A;TZID=B:20270101T100000\r\n",
        b"DTEND:99991231T235959Z\r\n",
        b";",
        b":",
        b"\\",
        b"DURATION:P1X\r\n",
        b"RRULE:FREQ=DAILY\r\n",
        b"\xff\xfe",
        b"END:VCALENDAR\r\n",
    ]
    rng = random.Random(20261121)
    outcomes = {"draft": 0, "refused": 0}
    for _ in range(300):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at:at] = rng.choice(pieces)
            else:
                del data[at : at + rng.randint(1, 60)]
        try:
            draft_itinerary_from_ics(bytes(data))
            outcomes["draft"] += 1
        except UnreadableIcs:
            outcomes["refused"] += 1
    assert outcomes["draft"] and outcomes["refused"]


def test_stays_at_home_before_and_after_the_trip_are_left_out():
    data = (
        (FIXTURES / "round-trip-bos-pvg.ics")
        .read_bytes()
        .replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:h1\r\nDTSTART;VALUE=DATE:20270308\r\nDTEND;VALUE=DATE:20270309\r\n"
            b"SUMMARY:Airport hotel\r\nLOCATION:Boston\\, MA\r\nEND:VEVENT\r\n"
            b"BEGIN:VEVENT\r\nUID:h2\r\nDTSTART:20270322T140000Z\r\nDTEND:20270322T150000Z\r\n"
            b"SUMMARY:Dentist\r\nLOCATION:1 Main St\\, Cambridge\\, MA 02139\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR",
        )
    )
    found = draft_itinerary_from_ics(data)
    assert (found.itinerary["departure"], found.itinerary["return"]) == ("2027-03-09", "2027-03-19")
    assert [leg["country"] for leg in found.itinerary["legs"]] == ["CN"]
    assert sum("at home" in w for w in found.warnings) == 2


def test_a_timed_hotel_stay_is_dated_where_the_hotel_is():
    # Check-in at 15:00 in Tokyo on 2 June is still 1 June in UTC, as the file writes it.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART:20270601T220000Z\r\nDTEND:20270605T020000Z\r\nSUMMARY:Hotel Gracery Shinjuku\r\n"
        b"LOCATION:Tokyo\\, Japan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found = draft_itinerary_from_ics(data)
    assert found.itinerary["legs"] == [
        {"country": "JP", "city": "Tokyo", "arrive": "2027-06-02", "depart": "2027-06-05"}
    ]
    assert found.itinerary["departure"] == "2027-06-02"


def test_mail_app_flight_events_name_the_origin_airport_and_destination_city():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270309T211500Z\r\nDTEND:20270310T103000Z\r\n"
        b"SUMMARY:Flight to Shanghai (UA 857)\r\nLOCATION:San Francisco SFO\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270320T040500Z\r\nDTEND:20270320T153000Z\r\n"
        b"SUMMARY:Flight to San Francisco (UA 858)\r\nLOCATION:Shanghai PVG\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    found = draft_itinerary_from_ics(data)
    assert found.itinerary == {
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs": [{"country": "CN", "city": "Shanghai", "arrive": "2027-03-10", "depart": "2027-03-20"}],
    }


def test_a_flight_to_simferopol_drafts_the_crimea_region():
    # The draft said UA and no region: saved as it was, the trip got no word of the embargo.
    data = (FIXTURES / "round-trip-bos-pvg.ics").read_bytes()
    data = data.replace(b"PVG", b"SIP").replace(b"Shanghai Pudong International", b"Simferopol")
    leg = draft_itinerary_from_ics(data).itinerary["legs"][0]
    assert (leg["country"], leg["region"], leg["city"]) == ("UA", "UA-43", "Simferopol")
    assert parse_itinerary(completed(draft_itinerary_from_ics(data).itinerary)).legs[0].region == "UA-43"
