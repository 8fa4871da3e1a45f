"""Golden checklists for realistic trips: semantic expectations plus a full JSON snapshot.

Regenerate the snapshots after a deliberate change with `UPDATE_GOLDEN=1 pytest tests/golden`
and review the diff: the snapshot is the checklist a traveler would see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import TODAY
from tests.golden.snapshot import (
    HERE,
    assert_every_case_expected,
    assert_fires_and_silent,
    assert_matches_snapshot,
    golden_cases,
)
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary_files import read_itinerary_file

TRIPS, EXPECTATIONS = golden_cases("trips", "expectations.yaml")


@pytest.fixture(params=TRIPS, ids=lambda p: p.stem)
def golden(request, rulebook):
    path: Path = request.param
    return path, generate_checklist(read_itinerary_file(path), rulebook, TODAY)


def test_every_trip_has_expectations():
    assert_every_case_expected(TRIPS, EXPECTATIONS, at_least=12)


def test_expected_items_fire_and_others_stay_silent(golden):
    path, checklist = golden
    expected = EXPECTATIONS[path.stem]
    assert_fires_and_silent(expected, {i.id for i in checklist.items})
    for item in checklist.items:
        if item.id in expected.get("required", []):
            assert item.priority == "required", item.id
        if item.id in expected.get("reasons_exclude", {}):
            assert not any(expected["reasons_exclude"][item.id] in r for r in item.reasons), item.reasons
        if "short_notice" in expected:
            assert item.short_notice == (item.id in expected["short_notice"]), item.id
    if "advice_exclude" in expected:
        advice = [(i.id, i.late_advice) for i in checklist.items if i.late_advice]
        assert advice, "a trip under way gets advice for now"
        assert not [a for a in advice if expected["advice_exclude"] in a[1].lower()], advice
    pending = {i.id for i in checklist.items if i.needs_answer}
    assert checklist.devices_unknown == bool(expected.get("needs_answer"))
    assert pending == set(expected.get("needs_answer", [])), sorted(pending)
    sanctioned = {d.region or d.country for d in checklist.destinations if d.sanctioned}
    if "sanctioned" in expected:
        assert sanctioned == set(expected["sanctioned"])


def test_snapshot(golden):
    path, checklist = golden
    assert_matches_snapshot(HERE / "snapshots", path.stem, checklist.to_data())
