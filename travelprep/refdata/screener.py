"""`load_screener`: the shipped lists plus every imported list, indexed once per process.

Importing this module is cheap; the screener is made on the first call and cached until a
shipped file or an imported list changes. Imported lists are not indexed here: their index
files, written at import, are memory-mapped (`screening_index`), so workers share them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from travelprep.screening import NoScreening, Screener

if TYPE_CHECKING:
    from travelprep.refdata.datastore import DataStore

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
    from travelprep.refdata.screening_index import open_list_index
    from travelprep.refdata.screening_lists import SCREENING_SOURCES
    from travelprep.screening.indexed_list import IndexedList
    from travelprep.screening.lists.shipped import load_shipped_lists
    from travelprep.screening.matcher import IndexScreener, forms_of

    # The shipped lists are small: indexed here. Imported lists are mapped from the index
    # files written at import, shared by every worker.
    shipped = [(e, forms_of(e)) for lst in load_shipped_lists(Path(checklists_dir)) for e in lst.entities]
    lists = [IndexedList.of(shipped)] if shipped else []
    for source in SCREENING_SOURCES:
        indexed = open_list_index(store, source)
        if indexed is not None and len(indexed):
            lists.append(indexed)
    return IndexScreener.over(lists) if lists else NoScreening()
