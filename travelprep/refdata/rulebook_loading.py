"""Load the rulebook the app serves, once per process, exactly as the CLI does."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from travelprep import paths

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.settings import Settings


def load_app_rulebook(settings: Settings) -> Rulebook:
    """The shipped rulebook with the imports of the settings' data directory applied."""
    from travelprep.refdata.loading import load_current_rulebook

    return load_current_rulebook(data_dir=settings.data_dir)


@dataclass(frozen=True)
class LoadedRulebook:
    """A rulebook and `version`, a content hash of the files it was made from (a cache key)."""

    rulebook: Rulebook
    version: str


def inputs_version(checklists: Path, data_dir: Path) -> str:
    """A hash of the shipped rule files and of which version of each imported source is current."""
    digest = hashlib.sha256()
    for path in sorted(p for p in checklists.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(checklists).as_posix()}\0".encode())
        digest.update(path.read_bytes() + b"\0")
    # An imported version is never rewritten: CURRENT names it, a new import writes a new one.
    for current in sorted((Path(data_dir) / "sources").glob("*/CURRENT")):
        digest.update(f"{current.parent.name}\0".encode() + current.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def load_versioned_rulebook(settings: Settings) -> LoadedRulebook:
    """The app's rulebook with the version of its inputs, hashed before loading them.

    An import that lands while loading changes the data signature, so the reloader loads
    again and the version moves on: what was cached under the older version is not asked again.
    """
    version = inputs_version(paths.checklists_dir(), settings.data_dir)
    return LoadedRulebook(load_app_rulebook(settings), version)
