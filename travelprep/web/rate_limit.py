"""Per-client sliding windows of events, for the app's in-process rate limits.

One `SlidingWindows` counts events (an upload) per client address over the last `seconds`;
the guard built on it (web/upload_guard.py) decides what counts and what is refused. Nothing
is shared between processes or apps: each worker limits on its own, which bounds an attacker
to `limit` events per window per worker. (Failed sign-ins are counted in the database instead,
for the whole site: web/signin_guard.py.)
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_CLIENTS = 10_000  # addresses remembered; the oldest are forgotten first


class SlidingWindows:
    """Events per client within the last `seconds`; the least recently seen are forgotten first."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self._recent: dict[str, deque[float]] = {}

    def _window(self, client: str, now: float) -> deque[float]:
        recent = self._recent.pop(client, None) or deque()
        while recent and now - recent[0] >= self.seconds:
            recent.popleft()
        self._recent[client] = recent  # re-inserted: the dict stays ordered by last use
        while len(self._recent) > MAX_CLIENTS:
            del self._recent[next(iter(self._recent))]
        return recent

    def retry_after(self, client: str) -> int | None:
        """Seconds until `client` may try again, if it has used up the window; else None."""
        now = self.clock()
        recent = self._window(client, now)
        if len(recent) < self.limit:
            return None
        return max(1, int(self.seconds - (now - recent[0])) + 1)

    def add(self, client: str) -> None:
        """Count one event by `client` now."""
        now = self.clock()
        self._window(client, now).append(now)
