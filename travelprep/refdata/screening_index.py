"""Where an imported list's index lives, and what happens when it cannot be used.

`<data_dir>/sources/<source>/<version>.index` sits next to the list version it was built
from (`<version>.json`). Each worker maps it (`screening.index_file`), so they share its
pages and none builds it. A missing, truncated, corrupted or outdated file is rebuilt from
the stored list, once, under a lock that every process takes, with a log line saying why.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from travelprep.refdata.datastore import DataStore, Version
from travelprep.screening.index_file import IndexFileError, expectation, load_index, save_index
from travelprep.screening.indexed_list import IndexedList
from travelprep.screening.normalize import NORMALIZER_VERSION

log = logging.getLogger("travelprep.data")


def index_path(store: DataStore, version: Version) -> Path:
    return store.root / "sources" / version.source / f"{version.version}.index"


@contextmanager
def index_lock(store: DataStore, source: str) -> Iterator[None]:
    """Held while a source's index is written, so no process builds it twice."""
    folder = store.root / "sources" / source
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".index.lock").open("a")
    except OSError:  # a read-only data directory: nobody can write an index there anyway
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def save_list_index(store: DataStore, version: Version, indexed: IndexedList) -> None:
    """Write the index of one stored list version beside it; drop indexes of pruned versions."""
    path = index_path(store, version)
    save_index(path, indexed, expectation(version.source, version.version, NORMALIZER_VERSION))
    for other in path.parent.glob("*.index"):
        if not other.with_suffix(".json").exists():
            other.unlink(missing_ok=True)


def open_list_index(store: DataStore, source: str) -> IndexedList | None:
    """The current version of `source`, indexed: mapped from its file, rebuilt if it must be."""
    from travelprep.refdata.screening_lists import stored_entries, stored_payload

    version = store.current(source)
    if version is None:
        return None
    try:
        return _load(store, version)
    except IndexFileError as error:
        reason = str(error)
    with index_lock(store, source):
        version = store.current(source) or version
        try:  # another process may have rebuilt it while this one waited
            return _load(store, version)
        except IndexFileError:
            pass
        found = stored_payload(store, source)
        if found is None:
            return None
        version, payload = found
        log.warning(
            "screening index unusable; rebuilding it from the stored list",
            extra={"fields": {"source": source, "version": version.version, "reason": reason}},
        )
        indexed = IndexedList.of(stored_entries(payload))
        del payload
        try:
            save_list_index(store, version, indexed)
            return _load(store, version)
        except (OSError, IndexFileError) as error:
            log.warning(
                "screening index could not be saved; this process keeps its own copy",
                extra={"fields": {"source": source, "error": str(error)}},
            )
            return indexed


def _load(store: DataStore, version: Version) -> IndexedList:
    expect = expectation(version.source, version.version, NORMALIZER_VERSION)
    return load_index(index_path(store, version), expect)
