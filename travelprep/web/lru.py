"""A small thread-safe LRU for results that are pure functions of their key."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_every_cache: weakref.WeakSet[LruCache] = weakref.WeakSet()


def clear_all_caches() -> None:
    """Forget every cached result: keys name the rulebook by id(), which a new one may reuse."""
    for cache in list(_every_cache):
        cache.clear()


class LruCache(Generic[V]):
    """Keeps the `size` most recently used results; the key must name every input."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()  # handlers run in a thread pool
        _every_cache.add(self)

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._entries.clear()

    def get(self, key: Hashable) -> V | None:
        """The stored result, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> None:
        """Store a result, forgetting the least recently used beyond `size`."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
