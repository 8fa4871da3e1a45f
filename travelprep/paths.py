"""Where TravelPrep finds its bundled policy data and its writable data directory."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # An installed wheel carries the folders inside the package; a source checkout has
    # them beside it. Prefer the checkout so edits to checklists/ take effect at once.
    source = _PACKAGE.parent / name
    return source if source.is_dir() else _PACKAGE / "_bundled" / name


def checklists_dir() -> Path:
    """The policy, rules, country facts and entity lists shipped with TravelPrep."""
    override = os.environ.get("TRAVELPREP_CHECKLISTS_DIR")
    return Path(override) if override else _bundled("checklists")


def templates_dir() -> Path:
    """The Jinja2 templates shipped with TravelPrep."""
    return _bundled("templates")


def data_dir() -> Path:
    """The writable directory for imported data and the SQLite database."""
    return Path(os.environ.get("TRAVELPREP_DATA_DIR", "var")).expanduser()
