"""The golden checklists' one mechanism: the cases and their expectations, and the checklist's
JSON against the file kept in git.

`UPDATE_GOLDEN=1 pytest tests/golden` rewrites the files; review the diff, which is the
checklist a traveller or host would see.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def golden_cases(folder: str, expectations: str) -> tuple[list[Path], dict]:
    """The golden inputs (YAML files in `folder`) and what each must give (`expectations`), by stem."""
    return sorted((HERE / folder).glob("*.yaml")), yaml.safe_load((HERE / expectations).read_text())


def assert_every_case_expected(cases: list[Path], expectations: dict, *, at_least: int) -> None:
    """Each case has its expectations and each expectation its case; and there are enough cases."""
    stems = {p.stem for p in cases}
    assert stems == set(expectations), sorted(stems ^ set(expectations))
    assert len(cases) >= at_least, len(cases)


def assert_fires_and_silent(expected: dict, ids: set[str]) -> None:
    """The items the case expects fire, and the ones it expects silent do not."""
    assert set(expected["fires"]) <= ids, sorted(set(expected["fires"]) - ids)
    assert not set(expected.get("silent", [])) & ids, sorted(set(expected["silent"]) & ids)


def assert_matches_snapshot(folder: Path, name: str, data: dict) -> None:
    snapshot = folder / f"{name}.json"
    rendered = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(rendered)
    assert snapshot.exists(), f"no snapshot {snapshot.name}; run with UPDATE_GOLDEN=1 and review it"
    assert rendered == snapshot.read_text()
