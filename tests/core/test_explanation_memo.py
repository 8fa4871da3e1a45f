"""Memoized explanations are only reused where the wording cannot differ."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import TODAY
from travelprep.checklist import _context, generate_checklist
from travelprep.itinerary import parse_itinerary
from travelprep.rulebook import rule_facts

PLACES = [("CN", None), ("RU", None), ("UA", "UA-43"), ("FR", None), ("TR", None), ("AE", None)]


@st.composite
def same_place_two_ways(draw):
    """Two one-leg trips to the same place with the same passports, differing in everything else."""
    country, region = draw(st.sampled_from(PLACES))
    passports = draw(st.sampled_from([["US"], ["IN"], ["US", "CN"], ["GB"]]))

    def trip():
        start = TODAY + timedelta(days=draw(st.integers(1, 200)))
        stay = draw(st.integers(0, 120))
        return {
            "traveler": {"name": "T", "email": "t@example.edu", "role": "staff", "citizenships": passports},
            "departure": start.isoformat(),
            "return": (start + timedelta(days=stay + 2)).isoformat(),
            "legs": [
                {
                    "country": country,
                    "region": region,
                    "city": draw(st.sampled_from(["A", "B", None])),
                    "arrive": (start + timedelta(days=1)).isoformat(),
                    "depart": (start + timedelta(days=1 + stay)).isoformat(),
                }
            ],
            "carrying": {"devices": ["laptop"]},
        }

    return trip(), trip()


@settings(max_examples=60, deadline=None)
@given(pair=same_place_two_ways())
def test_memoizable_leg_facts_say_the_same_for_the_same_place_and_passports(rulebook, pair):
    first, second = (_context(parse_itinerary(data), rulebook, TODAY) for data in pair)
    assert first.legs[0].memo_key == second.legs[0].memo_key
    for fact in rule_facts(rulebook.policy).values():
        if fact.scope != "leg" or not fact.memoizable:
            continue
        one = fact.read(first, first.legs[0])
        other = fact.read(second, second.legs[0])
        assert one == other, fact.name
        if one:
            assert fact.say(first, first.legs[0], one) == fact.say(second, second.legs[0], other), fact.name


def test_repeated_generation_matches_a_fresh_rulebook(rulebook):
    from travelprep.rulebook import load_rulebook

    data = {
        "traveler": {"name": "T", "email": "t@example.edu", "role": "staff", "citizenships": ["US"]},
        "departure": "2027-03-01",
        "return": "2027-03-30",
        "legs": [{"country": "PH", "arrive": "2027-03-02", "depart": "2027-03-29"}],
    }
    warm = generate_checklist(parse_itinerary(data), rulebook, TODAY)
    fresh = generate_checklist(parse_itinerary(data), load_rulebook(), TODAY)
    assert warm.to_data() == fresh.to_data()
