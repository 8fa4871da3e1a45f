"""Memoized rule outcomes never change a checklist: a warm memo gives what a fresh one gives."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import TODAY
from tests.engine.test_visas_and_imports import TABLE
from travelprep.engine.checklist import _context, generate_checklist, generate_checklist_json
from travelprep.engine.itinerary import Activities, parse_itinerary
from travelprep.engine.rules.rulebook import rule_facts

# Few choices each, so that trips of the same kind (and near misses) meet in the memo.
PLACES = [("CN", None), ("RU", None), ("UA", "UA-43"), ("UA", None), ("FR", None), ("TR", None), ("IR", None)]
PASSPORTS = [["US"], ["IN"], ["GB", "IN"], ["US", "CN"]]
INSTITUTIONS = [
    "Harbin Institute of Technology",
    "Harbin Inst. of Technology",
    "Fudan University",
    "北京航空航天大学",
    "Nanjing University",
]


@st.composite
def trip_kinds(draw) -> dict:
    departure = TODAY + timedelta(days=draw(st.sampled_from([-3, 5, 40, 200])))
    legs, start = [], departure
    for _ in range(draw(st.integers(1, 3))):
        country, region = draw(st.sampled_from(PLACES))
        end = start + timedelta(days=draw(st.sampled_from([0, 20, 100])))
        city = draw(st.sampled_from([None, "Kyiv", "Paris"]))
        legs.append(
            {
                "country": country,
                "region": region,
                "city": city,
                "arrive": start.isoformat(),
                "depart": end.isoformat(),
            }
        )
        start = end
    return {
        "traveler": {
            "name": "T",
            "email": "t@example.edu",
            "role": draw(st.sampled_from(["faculty", "student"])),
            "citizenships": draw(st.sampled_from(PASSPORTS)),
        },
        "departure": departure.isoformat(),
        "return": (start + timedelta(days=1)).isoformat(),
        "legs": legs,
        "activities": {name: draw(st.booleans()) for name in list(Activities.model_fields)[:3]},
        "carrying": {
            "devices": draw(st.sampled_from([[], ["laptop"], ["phone", "laptop"]])),
            "data": draw(st.sampled_from([[], ["export_controlled"]])),
        },
        "institutions": draw(st.lists(st.sampled_from(INSTITUTIONS), max_size=2, unique=True)),
    }


def _shift(value: str | None, days: int) -> str | None:
    return None if value is None else (TODAY.fromisoformat(value) + timedelta(days=days)).isoformat()


def _moved(data: dict, days: int) -> dict:
    """The same trip by someone else, `days` later: every date moves, every length stays."""
    moved = {**data, "traveler": {**data["traveler"], "name": "Someone Else", "email": "other@example.edu"}}
    moved["departure"], moved["return"] = _shift(data["departure"], days), _shift(data["return"], days)
    moved["legs"] = [
        {**leg, "arrive": _shift(leg["arrive"], days), "depart": _shift(leg["depart"], days)}
        for leg in data["legs"]
    ]
    return moved


def _longer_first_leg(data: dict) -> dict:
    """The first stay 95 days longer (past a 90-day visa-free limit), the rest of the trip after it."""
    first, *rest = data["legs"]
    legs = [{**first, "depart": _shift(first["depart"], 95)}]
    legs += [
        {**leg, "arrive": _shift(leg["arrive"], 95), "depart": _shift(leg["depart"], 95)} for leg in rest
    ]
    return {**data, "legs": legs, "return": _shift(data["return"], 95)}


def _first_leg(data: dict, **changes) -> dict:
    return {**data, "legs": [{**data["legs"][0], **changes}, *data["legs"][1:]]}


# One change at a time: whether or not it should change the outcome, a warm memo must agree with
# a fresh one, so a key that misses something the rules read is caught on the first near miss.
VARIANTS = {
    "moved a day": lambda d: _moved(d, 1),
    "moved a month": lambda d: _moved(d, 30),
    "longer stay": _longer_first_leg,
    "other city": lambda d: _first_leg(d, city="Odesa"),
    "other place": lambda d: _first_leg(d, country="FR", region=None),
    "other passports": lambda d: {**d, "traveler": {**d["traveler"], "citizenships": ["GB", "IN"]}},
    "one passport less": lambda d: {**d, "traveler": {**d["traveler"], "citizenships": ["US"]}},
    "other role": lambda d: {**d, "traveler": {**d["traveler"], "role": "staff"}},
    "a listed name": lambda d: {**d, "institutions": ["Harbin Institute of Technology"]},
    "the same listed name spelled otherwise": lambda d: {**d, "institutions": ["Harbin Inst. of Technology"]},
    "one more institution": lambda d: {**d, "institutions": [*d["institutions"], "Fudan University"][-2:]},
    "presenting": lambda d: {**d, "activities": {**d["activities"], "presenting": True}},
    "a phone": lambda d: {**d, "carrying": {**d["carrying"], "devices": ["phone"]}},
}


@pytest.fixture(scope="module")
def warm(rulebook):
    """One rulebook whose memo fills up across every example, with a visa table in use."""
    return dataclasses.replace(rulebook, visas=TABLE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=trip_kinds(), today_offset=st.sampled_from([0, 10]))
def test_a_warm_memo_gives_what_a_fresh_rulebook_gives(warm, data, today_offset):
    today = TODAY + timedelta(days=today_offset)
    for name, change in [("as drawn", lambda d: d), *VARIANTS.items()]:
        itinerary = parse_itinerary(change(data))
        fresh = dataclasses.replace(warm)  # a new rulebook object starts with an empty memo
        expected = generate_checklist(itinerary, fresh, today)
        assert generate_checklist(itinerary, warm, today).to_data() == expected.to_data(), name
        written = expected.model_dump_json(by_alias=True).encode()
        assert generate_checklist_json(itinerary, warm, today) == written, name


def _trip(rulebook, **changes):
    data = {
        "traveler": {"name": "Ada", "email": "ada@example.edu", "role": "faculty", "citizenships": ["US"]},
        "departure": "2027-03-01",
        "return": "2027-03-10",
        "legs": [{"country": "CN", "city": "Shanghai", "arrive": "2027-03-02", "depart": "2027-03-09"}],
        "carrying": {"devices": ["laptop"]},
    } | changes
    return _context(parse_itinerary(data), rulebook, TODAY)


def test_trips_of_one_kind_share_an_outcome_and_others_do_not(rulebook):
    outcomes = dataclasses.replace(rulebook).outcomes
    first = outcomes.of(_trip(rulebook))
    other_traveler = {"name": "Bo", "email": "bo@example.edu", "role": "faculty", "citizenships": ["US"]}
    assert outcomes.of(_trip(rulebook, traveler=other_traveler)) is first
    later = _trip(
        rulebook,
        departure="2027-05-01",
        **{"return": "2027-05-10"},
        legs=[{"country": "CN", "city": "Shanghai", "arrive": "2027-05-02", "depart": "2027-05-09"}],
    )
    assert outcomes.of(later) is first
    assert outcomes.of(_trip(rulebook, activities={"presenting": True})) is not first
    assert outcomes.of(_trip(rulebook, institutions=["Harbin Institute of Technology"])) is not first
    other_city = [{"country": "CN", "city": "Beijing", "arrive": "2027-03-02", "depart": "2027-03-09"}]
    assert outcomes.of(_trip(rulebook, legs=other_city)) is first  # legs are named afterwards
    other_place = [{"country": "RU", "city": "Shanghai", "arrive": "2027-03-02", "depart": "2027-03-09"}]
    assert outcomes.of(_trip(rulebook, legs=other_place)) is not first


def test_a_shared_outcome_names_each_trip_s_own_cities(rulebook):
    book = dataclasses.replace(rulebook)

    def reasons(city: str) -> list[str]:
        leg = {"country": "CN", "city": city, "arrive": "2027-03-02", "depart": "2027-03-09"}
        data = {
            "traveler": {
                "name": "Ada",
                "email": "ada@example.edu",
                "role": "faculty",
                "citizenships": ["US"],
            },
            "departure": "2027-03-01",
            "return": "2027-03-10",
            "legs": [leg],
            "carrying": {"devices": ["laptop"]},
        }
        checklist = generate_checklist(parse_itinerary(data), book, TODAY)
        return next(i.reasons for i in checklist.items if i.id == "loaner-device")

    assert reasons("Shanghai")[0].startswith("Leg 1: Shanghai, China — ")
    assert reasons("Beijing")[0].startswith("Leg 1: Beijing, China — ")
    assert len(book.outcomes._memo) == 1


def test_every_fact_a_rule_may_name_gives_a_hashable_key(rulebook):
    trip = _trip(
        rulebook,
        institutions=["Harbin Institute of Technology"],
        traveler={"name": "A", "email": "a@example.edu", "role": "student", "citizenships": ["US", "CN"]},
    )
    leg = trip.legs[0]
    for fact in rule_facts(rulebook.policy).values():
        if fact.scope == "trip" or fact.key:
            hash((fact.key or fact.read)(trip, leg))  # raises for a list or a dict


@st.composite
def same_place_two_ways(draw):
    """Two one-leg trips to the same place with the same passports, differing in everything else."""
    country, region = draw(st.sampled_from(PLACES))
    passports = draw(st.sampled_from(PASSPORTS))

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
def test_leg_facts_without_a_key_read_and_say_the_same_for_the_same_place_and_passports(rulebook, pair):
    first, second = (_context(parse_itinerary(data), rulebook, TODAY) for data in pair)
    assert first.legs[0].memo_key == second.legs[0].memo_key
    for fact in rule_facts(rulebook.policy).values():
        if fact.scope != "leg" or fact.key:
            continue
        one = fact.read(first, first.legs[0])
        other = fact.read(second, second.legs[0])
        assert one == other, fact.name
        if one:
            assert fact.say(first, first.legs[0], one) == fact.say(second, second.legs[0], other), fact.name


def test_the_memo_keeps_the_most_recently_used_kinds_only(rulebook, monkeypatch):
    from travelprep.engine import evaluate as rule_outcomes

    monkeypatch.setattr(rule_outcomes, "KINDS_KEPT", 3)
    outcomes = dataclasses.replace(rulebook).outcomes

    def going_to(country: str):
        return _trip(rulebook, legs=[{"country": country, "arrive": "2027-03-02", "depart": "2027-03-09"}])

    first = outcomes.of(going_to("CN"))
    for country in ("RU", "FR"):
        outcomes.of(going_to(country))
    assert outcomes.of(going_to("CN")) is first  # used again, so kept
    outcomes.of(going_to("TR"))  # pushes out RU, the least recently used
    assert len(outcomes._memo) == 3
    assert outcomes.of(going_to("CN")) is first
    assert {legs[0][0][0] for _, legs in outcomes._memo} == {"CN", "FR", "TR"}
