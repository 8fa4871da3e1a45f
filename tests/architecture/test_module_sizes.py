"""Small modules: no module of the project passes 300 lines (STYLE.md), so none grows unseen."""

from __future__ import annotations

from pathlib import Path

import travelprep

LIMIT = 300


def test_no_module_is_longer_than_300_lines():
    root = Path(travelprep.__file__).parent
    modules = sorted(root.rglob("*.py"))
    assert len(modules) > 100  # the whole package was read, not an empty folder
    too_long = {
        str(path.relative_to(root)): count
        for path in modules
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}, f"split these modules (at most {LIMIT} lines each): {too_long}"
