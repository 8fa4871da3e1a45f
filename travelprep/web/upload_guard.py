"""How often a client may upload a file to be parsed, and how many are parsed at once.

Parsing a user's file is CPU work: it runs in a worker thread, at most `parallel` at a time,
and is answered as refused past its time limit, so the event loop keeps answering. A thread
still competes with the loop for the GIL, so the parser's own limits (size, counts checked at
C speed before any parsing, a time budget while parsing) keep each parse to milliseconds. The
anonymous endpoints also take only a few uploads a minute per client address. One guard per
app (create_app makes it); nothing here is shared between apps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
from starlette.exceptions import HTTPException

from travelprep.web.rate_limit import SlidingWindows

T = TypeVar("T")


class ParseRefused(Exception):
    """Parsing took longer than its time limit."""


class UploadGuard:
    """A per-client sliding window of uploads, and a cap on parses running at once."""

    def __init__(
        self,
        per_minute: int,
        *,
        parallel: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
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
        """`work(*args)` in a worker thread; ParseRefused if it has not finished in `timeout` s."""
        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(
                    partial(work, *args), limiter=self._parsers, abandon_on_cancel=True
                )
        except TimeoutError:
            raise ParseRefused() from None
