"""Imported reference data in the data directory: atomic, versioned, and rollback-able.

Each source (advisories, visas, a screening list...) keeps its versions under
`<data_dir>/sources/<source>/` as JSON files. A `CURRENT` file names the version in force.
A new version is written to a temporary file and renamed into place before `CURRENT` is
switched, so a failed or interrupted import leaves the previous version in force.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KEEP_VERSIONS = 5
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class DataStoreError(Exception):
    """A store operation that cannot be done, with a message the operator can act on."""


@dataclass(frozen=True)
class Version:
    """One imported version of a source, as recorded in its file header."""

    source: str
    version: str
    as_of: str  # the date the data itself is valid for, ISO format
    imported_at: str  # when it was imported, ISO timestamp (UTC)
    entries: int
    origin: str  # where it came from: a file name or URL
    current: bool = False


class DataStore:
    """The versioned sources in one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _dir(self, source: str) -> Path:
        if not _SOURCE_NAME.match(source):
            raise DataStoreError(f"invalid source name {source!r}")
        return self.root / "sources" / source

    def write(self, source: str, *, as_of: str, entries: int, origin: str, payload: Any) -> Version:
        """Store a new version of `source` and make it current, atomically."""
        folder = self._dir(source)
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        version = now.strftime("%Y%m%dT%H%M%S%fZ")
        header = {
            "source": source,
            "version": version,
            "as_of": as_of,
            "imported_at": now.isoformat(timespec="seconds"),
            "entries": entries,
            "origin": origin,
        }
        target = folder / f"{version}.json"
        _atomic_write(target, json.dumps({"meta": header, "payload": payload}, ensure_ascii=False))
        _atomic_write(folder / "CURRENT", version)
        self._prune(folder)
        return Version(**header, current=True)

    def versions(self, source: str) -> list[Version]:
        """All kept versions of `source`, newest first."""
        folder = self._dir(source)
        if not folder.is_dir():
            return []
        current = self._current_name(folder)
        found = []
        for path in sorted(folder.glob("*.json"), reverse=True):
            meta = _read_meta(path)
            found.append(Version(**meta, current=meta["version"] == current))
        return found

    def current(self, source: str) -> Version | None:
        """The header of the current version of `source`, without reading its payload."""
        folder = self._dir(source)
        name = self._current_name(folder)
        if name is None:
            return None
        return Version(**_read_meta(folder / f"{name}.json"), current=True)

    def read(self, source: str) -> tuple[Version, Any] | None:
        """The current version of `source` and its payload, or None if never imported."""
        folder = self._dir(source)
        name = self._current_name(folder)
        if name is None:
            return None
        document = _read(folder / f"{name}.json")
        return Version(**document["meta"], current=True), document["payload"]

    def rollback(self, source: str) -> Version:
        """Make the version before the current one current again."""
        kept = self.versions(source)
        position = next((i for i, v in enumerate(kept) if v.current), None)
        if position is None or position + 1 >= len(kept):
            raise DataStoreError(f"{source}: there is no earlier version to roll back to")
        previous = kept[position + 1]
        _atomic_write(self._dir(source) / "CURRENT", previous.version)
        return Version(**{**previous.__dict__, "current": True})

    def sources(self) -> list[str]:
        """The names of every source with at least one version."""
        base = self.root / "sources"
        return sorted(p.name for p in base.iterdir() if (p / "CURRENT").exists()) if base.is_dir() else []

    @staticmethod
    def _current_name(folder: Path) -> str | None:
        pointer = folder / "CURRENT"
        return pointer.read_text().strip() if pointer.exists() else None

    def _prune(self, folder: Path) -> None:
        current = self._current_name(folder)
        for path in sorted(folder.glob("*.json"), reverse=True)[KEEP_VERSIONS:]:
            if path.stem != current:
                path.unlink()


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_meta(path: Path) -> dict[str, Any]:
    """The header of a version file without parsing its payload, which may be large."""
    with path.open(encoding="utf-8") as handle:
        head = handle.read(65536)
    # `write` puts the header first, so it can be decoded alone; anything else is read whole.
    prefix = '{"meta": '
    if head.startswith(prefix):
        try:
            return json.JSONDecoder().raw_decode(head, len(prefix))[0]
        except json.JSONDecodeError:
            pass
    return _read(path)["meta"]


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
