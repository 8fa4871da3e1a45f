"""Hostile text in titles, cities, institutions and notes cannot add or break calendar lines."""

from __future__ import annotations

import re

import pytest

from tests.builders import TODAY, trip_data
from tests.calendar.conftest import DATED_ITEMS, DOMAIN, build
from tests.support.calendars import events_by_uid, parse_both
from travelprep.calendar.trips import TripCalendar
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary

HOSTILE = [
    "Paris\r\nATTENDEE:mailto:evil@example.com",
    "Lab\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged@evil",
    "<script>alert(1)</script>; DROP,TABLE\\",
    "Kyiv\u2028UID:separator@evil\u2029X-EVIL:1",
    "\x00\x1b[31mred\x07\x7f\x85",
    "Z" * 10_000,
]
PROPERTIES = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "UID",
    "DTSTAMP",
    "SEQUENCE",
    "STATUS",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DESCRIPTION",
    "LOCATION",
    "TRANSP",
    "URL",
    "CATEGORIES",
    "ACTION",
    "TRIGGER",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def assert_no_injected_lines(data: bytes, events: int) -> None:
    lines = unfolded_lines(data)
    names = {re.split(r"[;:]", line, maxsplit=1)[0] for line in lines}
    assert names <= PROPERTIES, names - PROPERTIES
    assert sum(line.startswith("UID:") for line in lines) == events
    assert sum(line == "BEGIN:VEVENT" for line in lines) == events
    assert b"\r\n" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    assert not any(_CONTROL.search(line) for line in lines)
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))  # folded


def hostile_checklist(checklist, text: str):
    """Every text field a calendar shows, replaced by hostile text (as a tampered database might)."""
    destinations = [d.model_copy(update={"name": text}) for d in checklist.destinations]
    items = []
    for item in checklist.items:
        links = [link.model_copy(update={"title": text}) for link in item.links]
        contact = item.contact.model_copy(update={"name": text})
        items.append(
            item.model_copy(
                update={
                    "title": text,
                    "body": f"- {text}\n\n{text}",
                    "reasons": [text, f"Leg 1: {text}"],
                    "late_advice": text,
                    "links": links,
                    "contact": contact,
                }
            )
        )
    return checklist.model_copy(update={"destinations": destinations, "items": items})


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_everywhere_adds_no_lines(example_checklist, text):
    trip = TripCalendar(
        key="trip-9",
        checklist=hostile_checklist(example_checklist, text),
        title=text,
        url="https://travelprep.example.edu/trips/9",
    )
    data = build(trip, name=text)
    lenient, strict = parse_both(data)
    assert_no_injected_lines(data, events=len(strict.events))
    assert len(strict.events) == 1 + 4 + len(DATED_ITEMS)
    assert not any(e.get("ATTENDEE") for e in lenient.walk("VEVENT"))
    by_uid = events_by_uid(lenient)
    for event in strict.events:
        ours = by_uid[event.uid]
        assert event.summary == str(ours["SUMMARY"])  # both parsers read the same text back
        assert event.description == str(ours["DESCRIPTION"])
        assert not _CONTROL.search(event.summary)
        assert "\n" not in event.summary
    assert {e.uid.split("@")[1] for e in strict.events} == {DOMAIN}
    name = str(lenient["X-WR-CALNAME"])
    assert {x.value for x in strict.extras if x.name == "x-wr-calname"} == {name}
    assert not _CONTROL.search(name) and "\\" not in name


def test_the_visible_text_survives_escaping(example_checklist):
    text = "<script>alert(1)</script>; DROP,TABLE\\"
    trip = TripCalendar(key="trip-9", checklist=hostile_checklist(example_checklist, text), title=text)
    lenient, strict = parse_both(build(trip))
    summaries = {e.summary for e in strict.events}
    assert text in summaries  # escaped on the way out, intact on the way back in
    assert str(lenient["X-WR-CALNAME"]) == "Ada's trips"


def test_long_text_is_capped(example_checklist):
    long = "Z" * 10_000
    trip = TripCalendar(key="trip-9", checklist=hostile_checklist(example_checklist, long), title=long)
    strict = parse_both(build(trip))[1]
    assert max(len(e.summary) for e in strict.events) <= 200 + len(": you leave in 30 days")
    assert max(len(e.description) for e in strict.events) <= 8_000


def test_hostile_cities_and_institutions_through_the_real_pipeline(rulebook):
    data = trip_data(
        legs=[
            {
                "country": "CN",
                "city": "Shanghai\r\nATTENDEE:mailto:evil@example.com",
                "arrive": "2027-03-10",
                "depart": "2027-03-19",
            }
        ],
        institutions=["Harbin Institute of Technology\nX-EVIL:1", "<b>Lab</b>\u2028UID:evil"],
        activities={"formal_collaboration": True},
        carrying={"devices": ["laptop"]},
    )
    itinerary = parse_itinerary(data)
    checklist = generate_checklist(itinerary, rulebook, TODAY)
    from tests.calendar.conftest import NOW
    from travelprep.calendar.downloads import itinerary_calendar

    ics = itinerary_calendar(itinerary, checklist, now=NOW)
    lenient, strict = parse_both(ics)
    assert_no_injected_lines(ics, events=len(strict.events))
    text = " ".join(e.description + e.summary for e in strict.events)
    assert "Shanghai ATTENDEE:mailto:evil@example.com" in text  # shown as text, on one line
