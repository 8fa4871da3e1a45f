"""Golden host checklists for realistic visits: semantic expectations plus a full JSON snapshot.

Same mechanism as the trips' goldens: regenerate after a deliberate change with
`UPDATE_GOLDEN=1 pytest tests/golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.builders import TODAY
from tests.golden.snapshot import assert_matches_snapshot
from travelprep.engine.visit_checklist import generate_visit_checklist
from travelprep.engine.visit_files import read_visit_file

HERE = Path(__file__).parent
VISITS = sorted((HERE / "visits").glob("*.yaml"))
EXPECTATIONS = yaml.safe_load((HERE / "visit_expectations.yaml").read_text())


@pytest.fixture(params=VISITS, ids=lambda p: p.stem)
def golden(request, rulebook):
    path: Path = request.param
    return path, generate_visit_checklist(read_visit_file(path), rulebook, TODAY)


def test_every_visit_has_expectations():
    assert {p.stem for p in VISITS} == set(EXPECTATIONS)
    assert len(VISITS) >= 5


def test_expected_items_fire_and_others_stay_silent(golden):
    path, checklist = golden
    expected = EXPECTATIONS[path.stem]
    items = {i.id: i for i in checklist.items}
    assert set(expected["fires"]) <= set(items), sorted(set(expected["fires"]) - set(items))
    assert not set(expected.get("silent", [])) & set(items), sorted(set(expected["silent"]) & set(items))
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
