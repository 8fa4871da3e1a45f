"""Stale data is called out: per-source limits, data.stale in the JSON, a line in the text."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import trip_data
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.facts.freshness import DEFAULT_LIMIT_DAYS, stale_sources
from travelprep.engine.facts.places import SourceInfo
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.text import to_markdown, to_text

TRIP = trip_data(legs=[{"country": "CN", "city": "Shanghai"}])


def source(kind: str, as_of: date) -> SourceInfo:
    return SourceInfo(f"{kind} source", "https://example.org", as_of, kind)


@pytest.mark.parametrize(
    ("kind", "limit"),
    [
        ("advisories", 30),
        ("sanctions", 90),
        ("ear_groups", 90),
        ("visas", 180),
        ("travel_notes", 90),
        ("policy", 365),
        ("screening-list", DEFAULT_LIMIT_DAYS),
    ],
)
def test_a_source_is_stale_one_day_past_its_limit(kind, limit):
    as_of = date(2026, 1, 1)
    on_limit = date.fromordinal(as_of.toordinal() + limit)
    assert stale_sources([source(kind, as_of)], on_limit) == []
    (stale,) = stale_sources([source(kind, as_of)], date.fromordinal(on_limit.toordinal() + 1))
    assert (stale.kind, stale.age_days, stale.limit_days) == (kind, limit + 1, limit)


def test_historical_encryption_data_is_never_flagged():
    assert stale_sources([source("encryption_vpn", date(2008, 1, 1))], date(2026, 11, 21)) == []


def test_data_dated_after_today_is_not_negative_age():
    assert stale_sources([source("advisories", date(2026, 12, 1))], date(2026, 11, 21)) == []


def test_the_checklist_json_lists_stale_sources(rulebook):
    data = generate_checklist(parse_itinerary(TRIP), rulebook, date(2026, 11, 21)).to_data()
    stale = {entry["kind"]: entry for entry in data["data"]["stale"]}
    assert stale["advisories"] == {
        "name": "State Department travel advisories",
        "kind": "advisories",
        "as_of": "2026-10-07",
        "age_days": 45,
        "limit_days": 30,
    }
    assert "encryption_vpn" not in stale


def test_fresh_data_gives_an_empty_stale_list(rulebook):
    data = generate_checklist(parse_itinerary(TRIP), rulebook, date(2026, 10, 10)).to_data()
    assert data["data"]["stale"] == []


def test_text_and_markdown_say_which_data_is_stale(rulebook):
    checklist = generate_checklist(parse_itinerary(TRIP), rulebook, date(2026, 11, 21))
    line = (
        "STALE DATA: State Department travel advisories, as of 2026-10-07: 45 days old, "
        "past the 30-day limit."
    )
    assert line in to_text(checklist)
    assert line in to_markdown(checklist)
    fresh = generate_checklist(parse_itinerary(TRIP), rulebook, date(2026, 10, 10))
    assert "STALE DATA" not in to_text(fresh)
