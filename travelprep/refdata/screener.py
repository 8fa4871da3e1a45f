"""`load_screener`: the shipped lists plus every imported list, indexed once per process.

Importing this module is cheap; the index is built on the first call and cached until a
shipped file or an imported list changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from travelprep.screening import NoScreening, Screener

if TYPE_CHECKING:
    from travelprep.refdata.datastore import DataStore
    from travelprep.screening.entities import ListedEntity
    from travelprep.screening.matcher import NameForms

_cache: dict[tuple, Screener] = {}


def load_screener(checklists_dir: Path, data_dir: Path) -> Screener:
    """A screener over `checklists_dir/entities/*.yaml` and the lists imported into `data_dir`."""
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.screening_lists import SCREENING_SOURCES

    store = DataStore(Path(data_dir))
    shipped = sorted((Path(checklists_dir) / "entities").glob("*.yaml"))
    key = (
        tuple((str(p.resolve()), p.stat().st_mtime_ns) for p in shipped),
        str(Path(data_dir).resolve()),
        tuple(getattr(store.current(s), "version", None) for s in SCREENING_SOURCES),
    )
    if key not in _cache:
        # Built before the stale index is dropped: a broken list file raises and leaves it.
        screener = _build(checklists_dir, store)
        _cache.clear()  # one configuration per process
        _cache[key] = screener
    return _cache[key]


def _build(checklists_dir: Path, store: DataStore) -> Screener:
    from travelprep.screening.matcher import IndexScreener

    # Stream the entries into the index: a million imported names need not sit twice in memory.
    entries = _entries(checklists_dir, store)
    first = next(entries, None)
    return NoScreening() if first is None else IndexScreener(chain([first], entries))


def _entries(checklists_dir: Path, store: DataStore) -> Iterator[tuple[ListedEntity, NameForms]]:
    from travelprep.refdata.screening_lists import PAYLOAD_KIND, SCREENING_SOURCES, stored_entries
    from travelprep.screening.errors import ScreeningDataError
    from travelprep.screening.lists.shipped import load_shipped_lists
    from travelprep.screening.matcher import forms_of

    for entity_list in load_shipped_lists(Path(checklists_dir)):
        for entity in entity_list.entities:
            yield entity, forms_of(entity)
    for source in SCREENING_SOURCES:
        found = store.read(source)
        if found is not None:
            version, payload = found
            if not isinstance(payload, dict) or payload.get("kind") != PAYLOAD_KIND:
                where = str(store.root / "sources" / source / f"{version.version}.json")
                message = (
                    f"the current {source} version is not a screening list written by "
                    f"`travelprep data import {source}`: import the list again"
                )
                raise ScreeningDataError(where, None, message)
            yield from stored_entries(payload)
