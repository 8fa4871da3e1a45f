"""Imported data in the data directory changes the checklist: visas and advisories."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import TODAY, item, item_ids, leg, trip_data
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.facts.sourced_yaml import SourceError
from travelprep.engine.facts.visas import Requirement, VisaTable
from travelprep.engine.itinerary import parse_itinerary
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.loading import load_current_rulebook

TABLE = VisaTable(
    {
        ("US", "CN"): Requirement("visa_required"),
        ("US", "FR"): Requirement("visa_free", 90),
        ("IN", "FR"): Requirement("visa_required"),
        ("GB", "FR"): Requirement("visa_free", 90),
        ("IN", "TR"): Requirement("e_visa"),
        ("GB", "TR"): Requirement("visa_free", 90),
        ("IN", "KE"): Requirement("eta"),
    },
    as_of=date(2025, 1, 12),
    source="https://example.org/passport-index",
)


def test_most_favourable_passport_wins():
    advice = TABLE.advise(["IN", "GB"], "TR")
    assert (advice.passport, advice.requirement.wording) == ("GB", "visa-free for 90 days")
    assert not advice.may_need_document


def test_own_country_needs_nothing_and_unknown_pairs_say_check():
    assert TABLE.advise(["FR"], "FR").requirement.kind == "own_country"
    assert TABLE.advise(["US"], "BR").requirement is None


@pytest.fixture
def imported(tmp_path):
    store = DataStore(tmp_path)
    rows = [[p, d, r.kind, r.days] for (p, d), r in TABLE.requirements.items()]
    store.write(
        "visas",
        as_of="2025-01-12",
        entries=len(rows),
        origin="test.csv",
        payload={"source": "https://example.org/passport-index", "rows": rows},
    )
    return store


def checklist(store, data):
    rulebook = load_current_rulebook(data_dir=store.root)
    return generate_checklist(parse_itinerary(data), rulebook, TODAY)


def test_visa_item_says_the_requirement_with_imported_table(imported):
    result = checklist(imported, trip_data(legs=[leg("CN", city="Shanghai")]))
    assert item(result, "visa").reasons == [
        "Leg 1: Shanghai, China — a visa is required for China with your US passport"
    ]
    assert any(s.kind == "visas" and s.origin == "imported" for s in result.data.sources)


def test_visa_item_is_silent_where_no_document_is_needed(imported):
    assert "visa" not in item_ids(checklist(imported, trip_data()))  # US to France, visa-free


def test_visa_item_names_the_passport_used_among_several(imported):
    data = trip_data(traveler={"citizenships": ["IN", "GB"]}, legs=[leg("KE")])
    reasons = item(checklist(imported, data), "visa").reasons
    assert reasons == [
        "Leg 1: Kenya — an electronic travel authorization (eTA) is required for Kenya "
        "with your IN passport (the most favourable of IN and GB)"
    ]


def test_imported_advisories_replace_the_snapshot(tmp_path):
    store = DataStore(tmp_path)
    store.write(
        "advisories",
        as_of="2026-11-15",
        entries=1,
        origin="feed.xml",
        payload={
            "source": "https://travel.state.gov/_res/rss/TAsTWs.xml",
            "levels": {"FR": {"level": 3, "date": "2026-11-15", "link": "https://example.org/fr"}},
        },
    )
    result = checklist(store, trip_data())
    assert result.destinations[0].advisory_level == 3
    assert "high-risk-safety-plan" in item_ids(result)
    (advisories,) = [s for s in result.data.sources if s.kind == "advisories"]
    assert (advisories.origin, advisories.as_of) == ("imported", date(2026, 11, 15))


def test_invalid_imported_data_is_refused_not_half_used(tmp_path):
    store = DataStore(tmp_path)
    store.write(
        "advisories",
        as_of="2026-11-15",
        entries=1,
        origin="feed.xml",
        payload={"source": "x", "levels": {"FR": {"level": 9, "date": "2026-11-15", "link": ""}}},
    )
    with pytest.raises(SourceError, match="not valid"):
        load_current_rulebook(data_dir=store.root)
