"""How often a client may upload a file to be parsed, and how the parse is kept in bounds.

Parsing a user's file runs in a child process (web/parse_worker.py) with a memory limit and a
CPU-time limit, at most `parallel` at a time, and is refused past its wall-clock deadline, so
the event loop keeps answering and a hostile file cannot take the server's memory. The
parser's own limits (size, counts checked before any parsing, a time budget while parsing)
still refuse the known hostile files in milliseconds. The anonymous endpoints also take only
a few uploads a minute per client address. One guard per app (create_app makes it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import anyio
from starlette.exceptions import HTTPException

from travelprep.web.parse_worker import ParseTooBig, ParseTooSlow, parse_limited
from travelprep.web.rate_limit import SlidingWindows

__all__ = ["ParseRefused", "ParseTooBig", "UploadGuard"]

T = TypeVar("T")


class ParseRefused(Exception):
    """Parsing took longer than its time limit (CPU or wall clock)."""


class UploadGuard:
    """A per-client sliding window of uploads, and a cap on parses running at once."""

    def __init__(
        self,
        per_minute: int,
        *,
        parallel: int = 2,
        memory_bytes: int = 256 * 2**20,
        cpu_seconds: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self.memory_bytes, self.cpu_seconds = memory_bytes, cpu_seconds
        self._uploads = SlidingWindows(per_minute, 60, clock)
        self._parsers = anyio.CapacityLimiter(parallel)

    @property
    def clock(self) -> Callable[[], float]:
        """The clock the window is measured with (tests replace it)."""
        return self._uploads.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self._uploads.clock = clock

    def admit(self, client: str) -> None:
        """Count one upload by `client`; 429 with Retry-After once it sent too many this minute."""
        retry = self._uploads.retry_after(client)
        if retry is not None:
            raise HTTPException(
                429,
                f"Too many calendar uploads from your address: at most {self.per_minute} a "
                f"minute. Try again in {retry} seconds.",
                headers={"Retry-After": str(retry)},
            )
        self._uploads.add(client)

    async def parse(self, work: Callable[..., T], *args, timeout: float) -> T:
        """`work(*args)` in a limited child process; ParseRefused past its CPU limit or `timeout` s.

        ParseTooBig when it needs more than the guard's memory limit. `work`, its arguments
        and its answer must pickle (a module-level function, or a partial of one).
        """
        try:
            return await parse_limited(
                work,
                *args,
                memory_bytes=self.memory_bytes,
                cpu_seconds=self.cpu_seconds,
                deadline=timeout,
                limiter=self._parsers,
            )
        except ParseTooSlow:
            raise ParseRefused() from None
