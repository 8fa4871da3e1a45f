"""Golden host checklists for realistic visits: semantic expectations plus a full JSON snapshot.

Same mechanism as the trips' goldens: regenerate after a deliberate change with
`UPDATE_GOLDEN=1 pytest tests/golden` and review the diff.
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
from travelprep.engine.visit_checklist import generate_visit_checklist
from travelprep.engine.visit_files import read_visit_file

VISITS, EXPECTATIONS = golden_cases("visits", "visit_expectations.yaml")


@pytest.fixture(params=VISITS, ids=lambda p: p.stem)
def golden(request, rulebook):
    path: Path = request.param
    return path, generate_visit_checklist(read_visit_file(path), rulebook, TODAY)


def test_every_visit_has_expectations():
    assert_every_case_expected(VISITS, EXPECTATIONS, at_least=5)


def test_expected_items_fire_and_others_stay_silent(golden):
    path, checklist = golden
    expected = EXPECTATIONS[path.stem]
    items = {i.id: i for i in checklist.items}
    assert_fires_and_silent(expected, set(items))
    for item_id in expected.get("required", []):
        assert items[item_id].priority == "required", item_id
    for item_id, text in expected.get("reasons_include", {}).items():
        assert any(text in r for r in items[item_id].reasons), items[item_id].reasons
    if "short_notice" in expected:
        assert {i for i, item in items.items() if item.short_notice} == set(expected["short_notice"])
    hits = [r.query for r in checklist.screening if r.hits]
    assert hits == expected.get("hits", [])


def test_snapshot(golden):
    path, checklist = golden
    assert_matches_snapshot(HERE / "visit_snapshots", path.stem, checklist.to_data())
