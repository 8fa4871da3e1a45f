"""A checklist gives exactly the outcome of the reference evaluation (rule_reference.py).

Which items fire, their priority, and every reason in its order, on random trips (visas from a
table, restricted-party hits, places of every sort), for the shipped rules and for random rules
that nest all, any and not over every fact.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import TODAY, trip_data
from tests.engine.rule_reference import Reference
from tests.engine.test_visas_and_imports import TABLE
from travelprep.engine.checklist import generate_checklist, trip_context
from travelprep.engine.itinerary import (
    Activities,
    DataKind,
    Device,
    Purpose,
    Role,
    VisaStatus,
    parse_itinerary,
)
from travelprep.engine.rules.conditions import ALWAYS, ConditionCompiler
from travelprep.engine.rules.items import ItemSpec, Priority, Rule
from travelprep.engine.rules.rulebook import rule_facts

# Places with every kind of fact: elevated risk, embargoes, sanctioned regions, encryption and
# VPN rules, travel notes, advisory levels, visas in TABLE, and the US itself.
PLACES = [
    ("CN", None),
    ("HK", None),
    ("RU", None),
    ("SA", None),
    ("IR", None),
    ("CU", None),
    ("KP", None),
    ("SY", None),
    ("BY", None),
    ("AE", None),
    ("UA", None),
    ("UA", "UA-43"),
    ("UA", "UA-14"),
    ("FR", None),
    ("TR", None),
    ("KE", None),
    ("VE", None),
    ("IL", None),
    ("US", None),
]
PASSPORTS = [["US"], ["IN"], ["GB", "IN"], ["US", "CN"], ["FR"], ["IN", "GB", "TR"]]
INSTITUTIONS = [
    "Harbin Institute of Technology",
    "Harbin Inst. of Technology",
    "Fudan University",
    "北京航空航天大学",
]
CODES = sorted({country for country, _ in PLACES} | {"GB", "IN"})


def _subset(values) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(v.value for v in values)), max_size=3, unique=True)


@st.composite
def trips(draw) -> dict:
    departure = TODAY + timedelta(days=draw(st.sampled_from([-10, 0, 3, 20, 45, 120, 400])))
    legs, start = [], departure
    for _ in range(draw(st.integers(1, 4))):
        country, region = draw(st.sampled_from(PLACES))
        end = start + timedelta(days=draw(st.sampled_from([0, 5, 30, 91, 200])))
        leg = {"country": country, "region": region, "city": draw(st.sampled_from([None, "Odesa", "Paris"]))}
        if draw(st.booleans()):  # or none: a leg without dates spans the whole trip
            leg |= {"arrive": start.isoformat(), "depart": end.isoformat()}
        legs.append(leg)
        start = end
    passports = draw(st.sampled_from(PASSPORTS))
    return {
        "traveler": {
            "name": "T",
            "email": "t@example.edu",
            "role": draw(st.sampled_from([r.value for r in Role])),
            "citizenships": passports,
            "us_permanent_resident": draw(st.booleans()),
            "visa_status": None
            if "US" in passports
            else draw(st.sampled_from([None, *(v.value for v in VisaStatus)])),
        },
        "departure": departure.isoformat(),
        "return": (start + timedelta(days=draw(st.sampled_from([0, 2])))).isoformat(),
        "legs": legs,
        "purposes": draw(_subset(Purpose)),
        "activities": {name: draw(st.booleans()) for name in Activities.model_fields},
        "carrying": {
            # "none" is an answer of its own: with a device it is refused as contradictory
            "devices": draw(st.one_of(st.just(["none"]), _subset(d for d in Device if d != "none"))),
            "data": draw(_subset(DataKind)),
            "equipment": draw(st.booleans()),
        },
        "institutions": draw(st.lists(st.sampled_from(INSTITUTIONS), max_size=2, unique=True)),
    }


@pytest.fixture(scope="module")
def books(rulebook):
    """The shipped rulebook without a visa table and with one, each with its reference."""
    return [(book, Reference(book)) for book in (rulebook, dataclasses.replace(rulebook, visas=TABLE))]


def _checked(book, reference: Reference, itinerary, today) -> None:
    """generate_checklist's items, priorities and reasons are the reference's, in rulebook order."""
    items = {item.id: item for item in generate_checklist(itinerary, book, today).items}
    trip = trip_context(itinerary, book, today)
    expected = reference.evaluate(book.rules, trip)
    why = {rule.spec.id: rule.spec.why for rule in book.rules}
    assert {i: (item.priority, item.reasons) for i, item in items.items()} == {
        rule_id: (priority, Reference.lines(trip, by_leg, on_trip) or [why[rule_id]])
        for rule_id, priority, by_leg, on_trip in expected
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=trips(), today_offset=st.sampled_from([0, 30]))
def test_the_shipped_rules_give_what_the_reference_gives(books, data, today_offset):
    itinerary = parse_itinerary(data)
    for book, reference in books:
        _checked(book, reference, itinerary, TODAY + timedelta(days=today_offset))


@st.composite
def conditions(draw, facts, depth: int = 0) -> dict:
    """A random condition over every fact and operator, nested at most three deep."""
    shape = draw(st.sampled_from(["fact"] * 3 + (["all", "any", "not"] if depth < 3 else [])))
    if shape in ("all", "any"):
        return {shape: draw(st.lists(conditions(facts, depth + 1), min_size=1, max_size=3))}
    if shape == "not":
        return {"not": draw(conditions(facts, depth + 1))}
    fact = facts[draw(st.sampled_from(sorted(facts)))]
    if fact.kind == "flag":
        return {"fact": fact.name}
    if fact.kind == "number":
        return {
            "fact": fact.name,
            draw(st.sampled_from(["at_least", "less_than"])): draw(st.integers(-5, 60)),
        }
    operator = "includes_any" if fact.kind == "set" else "in"
    values = st.sampled_from(sorted(fact.choices) if fact.choices else CODES)
    return {"fact": fact.name, operator: draw(st.lists(values, min_size=1, max_size=3, unique=True))}


def _spec(number: int, priority: Priority, when: Any, required_when: Any = None) -> ItemSpec:
    return ItemSpec(
        id=f"rule-{number}",
        category="compliance",
        priority=priority,
        title="A rule",
        body="A body.",
        why="The reason when no condition gives one.",
        contact="research_compliance",
        when=when,
        required_when=required_when,
    )


@st.composite
def rules(draw, facts) -> tuple[Rule, ...]:
    compiler = ConditionCompiler(facts, Path("random.yaml"))
    found = []
    for number in range(draw(st.integers(1, 6))):
        when = draw(st.none() | conditions(facts))
        required_when = draw(st.none() | conditions(facts))
        spec = _spec(number, draw(st.sampled_from(list(Priority))), when, required_when)
        compiled = compiler.compile(when) if when is not None else ALWAYS
        upgrade = compiler.compile(required_when) if required_when is not None else None
        found.append(Rule(spec, compiled, upgrade, "random.yaml"))
    return tuple(found)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_rules_give_what_the_reference_gives(books, data):
    book, reference = books[data.draw(st.sampled_from([0, 1]))]
    chosen = data.draw(rules(rule_facts(book.policy, book.countries)))
    _checked(dataclasses.replace(book, rules=chosen), reference, parse_itinerary(data.draw(trips())), TODAY)


def test_a_trip_reason_that_holds_only_on_a_later_leg_is_given(books):
    """An `any` whose trip reason holds only where a leg fact allows it: on China (VPNs
    restricted) only the visa part holds, on Hong Kong the data part does too. Its trip reason
    comes from the second leg, as in the reference (found by drawing afresh, see conftest)."""
    when = {
        "any": [
            {"fact": "destination.visa_may_be_required"},
            {
                "all": [
                    {"fact": "carrying.data", "includes_any": ["personal_data"]},
                    {"not": {"fact": "destination.vpn_restricted"}},
                ]
            },
        ]
    }
    book, reference = books[0]
    compiled = ConditionCompiler(rule_facts(book.policy, book.countries), Path("t.yaml")).compile(when)
    spec = _spec(0, Priority.required, when)
    legs = [
        {"country": "CN", "arrive": "2027-03-10", "depart": "2027-03-14"},
        {"country": "HK", "arrive": "2027-03-14", "depart": "2027-03-19"},
    ]
    data = trip_data(legs=legs, carrying={"devices": ["laptop"], "data": ["personal_data"]})
    book = dataclasses.replace(book, rules=(Rule(spec, compiled, None, "t.yaml"),))
    (item,) = generate_checklist(parse_itinerary(data), book, TODAY).items
    assert item.reasons[-1] == "You are taking personal data"
    _checked(book, reference, parse_itinerary(data), TODAY)
