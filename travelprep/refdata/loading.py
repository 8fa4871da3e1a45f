"""Assemble the rulebook in force: shipped files plus whatever was imported into the data dir.

Imported advisories replace the shipped snapshot; an imported visa table makes the `visa`
item precise. Imported payloads are validated again here: data that cannot be validated is
refused, never half-used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from travelprep import paths
from travelprep.engine.facts.places import Fact, SourceInfo
from travelprep.engine.facts.sourced_yaml import SourceError
from travelprep.engine.facts.visas import KINDS, Requirement, VisaTable
from travelprep.engine.rules.rulebook import Rulebook, load_rulebook
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.screening import Screener, ScreeningResult


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AdvisoryLevel(_Strict):
    level: Annotated[int, Field(ge=1, le=4)]
    date: date
    link: str
    title: str = ""


class AdvisoriesPayload(_Strict):
    source: str
    levels: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], AdvisoryLevel]


class VisasPayload(_Strict):
    source: str
    # [passport, destination, kind, days or null]
    rows: list[tuple[str, str, str, int | None]]


class ScreenOnFirstUse:
    """Screens against the shipped and imported lists, indexing them when first needed.

    A million imported names take seconds to index; a checklist for a trip that names no
    institution should not pay that, so the index is built on the first real query (and
    kept for the process by `load_screener`).
    """

    def __init__(self, checklists: Path, data_dir: Path) -> None:
        self.checklists, self.data_dir = checklists, data_dir

    def screen(self, names: Sequence[str]) -> list[ScreeningResult]:
        if not names:
            return []
        return self.load().screen(names)

    def load(self) -> Screener:
        """The indexed screener, built now if it was not yet (web apps call this at start)."""
        return load_screener(self.checklists, self.data_dir)


def load_current_rulebook(checklists: Path | None = None, data_dir: Path | None = None) -> Rulebook:
    """The shipped rulebook with the imports of `data_dir` applied."""
    store = DataStore(data_dir or paths.data_dir())
    screener = ScreenOnFirstUse(checklists or paths.checklists_dir(), store.root)
    rulebook = load_rulebook(checklists, visas=_visa_table(store), screener=screener)
    advisories = _advisories(store)
    if advisories:
        levels, source = advisories
        rulebook = dataclasses.replace(rulebook, countries=rulebook.countries.with_advisories(levels, source))
    return rulebook


def _read(store: DataStore, source: str, model: type[BaseModel]):
    found = store.read(source)
    if found is None:
        return None
    version, payload = found
    try:
        return version, model.model_validate(payload)
    except ValidationError as error:
        where = store.root / "sources" / source / f"{version.version}.json"
        raise SourceError(where, 0, f"imported {source} data is not valid: {error}") from None


def _advisories(store: DataStore) -> tuple[dict[str, Fact], SourceInfo] | None:
    found = _read(store, "advisories", AdvisoriesPayload)
    if found is None:
        return None
    version, payload = found
    name = "State Department travel advisories"
    levels = {
        code: Fact(entry.level, name, entry.link or payload.source, entry.date, note=entry.title)
        for code, entry in payload.levels.items()
    }
    as_of = date.fromisoformat(version.as_of)
    return levels, SourceInfo(
        name, payload.source, as_of, "advisories", origin="imported", entries=len(levels)
    )


def _visa_table(store: DataStore) -> VisaTable | None:
    found = _read(store, "visas", VisasPayload)
    if found is None:
        return None
    version, payload = found
    # ~40,000 rows share a few dozen distinct requirements: build each once (start-up time).
    distinct = {(kind, days) for _, _, kind, days in payload.rows}
    shared = {key: Requirement(*key) for key in distinct}
    unknown = sorted({kind for kind, _ in shared} - set(KINDS))
    if unknown:
        raise SourceError(store.root / "sources" / "visas", 0, f"unknown visa kind {unknown[0]!r}")
    requirements = {
        (passport, destination): shared[(kind, days)] for passport, destination, kind, days in payload.rows
    }
    return VisaTable(requirements, date.fromisoformat(version.as_of), payload.source)
