"""A running app notices an import (or rollback) and serves the new data, never superseded data.

`travelprep data import` and `data rollback` switch a source by replacing its `CURRENT` file
(a new inode each time). At most every `data_check_seconds` a request stats those files; when
any changed, the rulebook is reloaded in a worker thread while other requests go on with the
old one, then swapped in. A reload that fails keeps the old rulebook and is reported by
/readyz until a later import loads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

import anyio

if TYPE_CHECKING:
    from starlette.datastructures import State

    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.refdata.rulebook_loading import LoadedRulebook

log = logging.getLogger("travelprep.data")

Signature = tuple[tuple[str, int, int], ...]


def data_signature(data_dir: Path) -> Signature:
    """Which version of each imported source is current, as cheap file facts (no reads)."""
    base = Path(data_dir) / "sources"
    found = []
    try:
        entries = list(os.scandir(base))
    except FileNotFoundError:
        return ()
    for entry in entries:
        try:
            facts = os.stat(os.path.join(entry.path, "CURRENT"))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.append((entry.name, facts.st_ino, facts.st_mtime_ns))
    return tuple(sorted(found))


class RulebookReloader:
    """Keeps `state.rulebook` (and the country choices made from it) in step with the data dir."""

    def __init__(
        self,
        state: State,
        data_dir: Path,
        load: Callable[[], LoadedRulebook],
        every_seconds: float,
        on_reload: Callable[[LoadedRulebook], None],
    ) -> None:
        self.state, self.data_dir, self.load = state, Path(data_dir), load
        self.every_seconds, self.on_reload = every_seconds, on_reload
        self.signature = data_signature(self.data_dir)
        self.next_check = monotonic() + every_seconds
        self.last_error: str | None = None
        self.reloads = 0
        self._lock = anyio.Lock()

    async def rulebook(self) -> Rulebook:
        """The rulebook to serve this request with, reloaded first if the data changed."""
        now = monotonic()
        if now >= self.next_check and not self._lock.locked():
            self.next_check = now + self.every_seconds
            signature = data_signature(self.data_dir)
            if signature != self.signature:
                await self._reload(signature)
        return self.state.rulebook

    async def _reload(self, signature: Signature) -> None:
        async with self._lock:
            try:
                fresh = await anyio.to_thread.run_sync(self.load)
            except Exception as error:  # any load failure: keep serving the data in force
                self.last_error = f"imported data in {self.data_dir} cannot be loaded: {error}"
                log.error(
                    "data reload failed; the previous data stays in force",
                    extra={"fields": {"error": str(error)}},
                )
                self.signature = signature  # do not retry the same broken files on every request
                return
            self.on_reload(fresh)
            self.signature, self.last_error = signature, None
            self.reloads += 1
            log.info("data reloaded", extra={"fields": {"sources": [s[0] for s in signature]}})
