"""The golden snapshots' one mechanism: the checklist's JSON against the file kept in git.

`UPDATE_GOLDEN=1 pytest tests/golden` rewrites the files; review the diff, which is the
checklist a traveller or host would see.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def assert_matches_snapshot(folder: Path, name: str, data: dict) -> None:
    snapshot = folder / f"{name}.json"
    rendered = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(rendered)
    assert snapshot.exists(), f"no snapshot {snapshot.name}; run with UPDATE_GOLDEN=1 and review it"
    assert rendered == snapshot.read_text()
