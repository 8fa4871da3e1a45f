"""Properties that hold for every valid itinerary (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.builders import TODAY
from travelprep.engine.checklist import Checklist, ChecklistItem, generate_checklist, generate_checklist_json
from travelprep.engine.geography import country_names
from travelprep.engine.itinerary import Activities, DataKind, Device, Purpose, Role, parse_itinerary
from travelprep.engine.region_cities import region_problem

COUNTRIES = sorted(country_names())
WORDS = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=50)
REGIONS = ["UA-43", "UA-40", "UA-14", "UA-09", "UA-30", "CN-SH", "RU-MOW"]


@st.composite
def itineraries(draw) -> dict:
    departure = TODAY + timedelta(days=draw(st.integers(-30, 400)))
    cuts = sorted(draw(st.lists(st.integers(0, 40), min_size=1, max_size=5)))
    legs, start = [], departure
    for cut in cuts:
        end = departure + timedelta(days=cut)
        end = max(end, start)
        if draw(st.booleans()):
            region = draw(st.sampled_from(REGIONS))
            country = region.split("-")[0]
        else:
            country, region = draw(st.sampled_from(COUNTRIES)), None
        city = draw(st.text(max_size=30))
        # Hypothesis also draws the names it finds in the code, such as the cities of
        # region_cities.py: one of those given with another region is not a valid leg.
        if region_problem(country, region, city):
            city = None
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
            "name": draw(WORDS.filter(str.strip)),
            "email": "t@example.edu",
            "role": draw(st.sampled_from(list(Role))).value,
            "citizenships": draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True)),
            "us_permanent_resident": draw(st.booleans()),
        },
        "departure": departure.isoformat(),
        "return": (start + timedelta(days=draw(st.integers(0, 5)))).isoformat(),
        "legs": legs,
        "purposes": draw(st.lists(st.sampled_from([p.value for p in Purpose]), unique=True)),
        "activities": {name: draw(st.booleans()) for name in Activities.model_fields},
        "carrying": {
            "devices": draw(st.lists(st.sampled_from([d.value for d in Device if d != "none"]), unique=True)),
            "data": draw(st.lists(st.sampled_from([d.value for d in DataKind]), unique=True)),
            "equipment": draw(st.booleans()),
        },
        "institutions": draw(st.lists(WORDS.filter(str.strip), max_size=3)),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=itineraries(), today=st.dates(date(2026, 1, 1), date(2028, 1, 1)))
def test_any_valid_itinerary_gives_a_consistent_checklist(rulebook, data, today):
    itinerary = parse_itinerary(data)
    first = generate_checklist(itinerary, rulebook, today)
    again = generate_checklist(parse_itinerary(data), rulebook, today)
    assert first.to_data() == again.to_data()  # deterministic
    # Items are built without validation (model.built): every value has its declared type,
    # strictly, and all fields are set, as validation would have left them.
    assert Checklist.model_validate(first.model_dump(), strict=True) == first
    assert all(item.model_fields_set == set(ChecklistItem.model_fields) for item in first.items)
    # The API's JSON, written from shared parts, is exactly the model's own.
    written = first.model_dump_json(by_alias=True).encode()
    assert generate_checklist_json(itinerary, rulebook, today) == written
    ids = [i.id for i in first.items]
    assert len(ids) == len(set(ids))
    assert {"contact-compliance"} <= set(ids)
    for entry in first.items:
        assert entry.reasons and all(r.strip() for r in entry.reasons)
        assert entry.overdue == (entry.due is not None and entry.due < today)
        if entry.short_notice:
            assert entry.due_anchor == "departure" and entry.lead_days > first.trip.days_until_departure
    sanctioned = any(d.sanctioned for d in first.destinations)
    assert ("sanctions-license" in ids) == sanctioned
    assert [s.query for s in first.screening] == itinerary.institutions


def test_built_models_share_a_fields_set_that_copies_and_changes_never_touch(rulebook):
    """model.built gives every item of a model one fields set: pydantic must never change it."""
    itinerary = parse_itinerary(
        {
            "traveler": {"name": "A B", "email": "a@example.edu", "role": "faculty", "citizenships": ["US"]},
            "departure": (TODAY + timedelta(days=40)).isoformat(),
            "return": (TODAY + timedelta(days=45)).isoformat(),
            "legs": [{"country": "CN"}, {"country": "FR"}],
        }
    )
    first, second, *_ = generate_checklist(itinerary, rulebook, TODAY).items
    renamed = first.model_copy(update={"title": "Renamed", "extra_note": "x"})
    deep = first.model_copy(deep=True)
    assert renamed.title == "Renamed" and "extra_note" in renamed.model_fields_set
    assert first.model_fields_set == second.model_fields_set == set(ChecklistItem.model_fields)
    assert deep.model_fields_set == set(ChecklistItem.model_fields)
    with pytest.raises(ValidationError):
        first.title = "changed"  # frozen: refused before anything is changed
    assert first.model_fields_set == set(ChecklistItem.model_fields) and first.title != "changed"


def test_every_rule_starts_its_item_with_the_item_model_s_fields_in_order(rulebook):
    """Checklists copy `Rule.item` and build items from it unvalidated: its keys must be exactly
    ChecklistItem's fields, in order, and the copy a checklist changes never the rule's own."""
    fields = list(ChecklistItem.model_fields)
    assert all(list(rule.item) == fields for rule in (*rulebook.rules, *rulebook.visit_rules))
    itinerary = parse_itinerary(
        {
            "traveler": {"name": "A B", "email": "a@example.edu", "role": "faculty", "citizenships": ["US"]},
            "departure": (TODAY + timedelta(days=3)).isoformat(),
            "return": (TODAY + timedelta(days=9)).isoformat(),
            "legs": [{"country": "CN"}],
        }
    )
    dated = [i for i in generate_checklist(itinerary, rulebook, TODAY).items if i.due]
    assert dated and all(list(item.__dict__) == fields for item in dated)
    starts = {rule.spec.id: rule.item for rule in rulebook.rules}
    assert all(starts[i.id]["due"] is None and starts[i.id]["reasons"] == [] for i in dated)
    with pytest.raises(TypeError):
        rulebook.rules[0].item["title"] = "changed"  # read-only: a checklist changes its copy
