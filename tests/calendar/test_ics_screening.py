"""Hostile .ics uploads cost milliseconds: no time-zone rule is expanded, and limits refuse the rest."""

from __future__ import annotations

import threading

import pytest

from tests.support.calendars import hostile_time_zone
from travelprep.calendar.ics_events import read_trip_events
from travelprep.calendar.ics_import import draft_itinerary_from_ics
from travelprep.calendar.ics_screening import MAX_DEPTH, UnreadableIcs, screened_calendar_text
from travelprep.calendar.places import warm_up


def finishes_within(seconds: float, work) -> object:
    """`work()`'s result, failing the test (not hanging it) if it takes longer than `seconds`."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still parsing after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]


@pytest.mark.parametrize(("freq", "blocks"), [("HOURLY", 2), ("SECONDLY", 200)])
def test_time_zone_rules_from_1601_are_never_expanded(freq, blocks):
    data = hostile_time_zone(freq, blocks)
    warm_up()  # the place tables are built once per process; the file's own cost is timed
    draft = finishes_within(2, lambda: draft_itinerary_from_ics(data))
    # The event's wall time in a zone we do not know still gives the trip's dates.
    assert draft.itinerary["departure"] == "2027-01-01"
    assert draft.itinerary["legs"][0]["city"] == "Shanghai"


def test_time_zone_blocks_are_cut_out_before_parsing_even_when_folded():
    data = hostile_time_zone().replace(b"BEGIN:VTIMEZONE", b"BEGIN:VTIME\r\n ZONE")
    text = screened_calendar_text(data, 1_000_000)
    assert "VTIMEZONE" not in text and "RRULE" not in text and "STANDARD" not in text
    assert "DTSTART;TZID=Evil:20270101T100000" in text


def test_a_known_zone_still_converts_without_its_definition():
    data = hostile_time_zone().replace(b"TZID=Evil", b"TZID=America/New_York")
    # 20:00 in New York is 09:00 the next day in Shanghai: the arrival's local date moves.
    assert draft_itinerary_from_ics(data).itinerary["legs"][0]["arrive"] == "2027-01-02"


def test_thousands_of_time_zone_blocks_are_refused_by_count():
    with pytest.raises(UnreadableIcs, match="more than a trip can have"):
        screened_calendar_text(hostile_time_zone("SECONDLY", 3000), 1_000_000)


def test_deep_nesting_is_refused():
    nested = "".join(f"BEGIN:X{n}\r\n" for n in range(MAX_DEPTH + 1))
    data = f"BEGIN:VCALENDAR\r\n{nested}END:VCALENDAR\r\n".encode()
    with pytest.raises(UnreadableIcs, match="nests entries too deeply"):
        screened_calendar_text(data, 1_000_000)


def test_reading_past_the_time_budget_is_refused():
    with pytest.raises(UnreadableIcs, match="took longer than"):
        read_trip_events(hostile_time_zone(), budget=-1)
