"""How many failed sign-ins and bad bearer tokens a client address may send before a pause.

A failure (a bearer token that names no one on /api/v1, a refused dev sign-in form, a trusted
proxy header from an address that is not a trusted proxy or that names no email) is counted
against the client's address. Once an address has `limit` failures within `seconds`, every
sign-in attempt from it (a bearer token, the sign-in form, a proxy header) is answered 429
with Retry-After until the oldest failure leaves the window, even one that would succeed: a
guesser cannot keep going and learn which guess was right. Successes are never counted; each
attempt costs one indexed read.

The address is the one web/client_address.py finds (X-Forwarded-For only from a trusted
proxy), and failures are stored in the database (db/signin_failures.py), so the limit holds
for the whole site however many workers or app instances share the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial

from starlette.exceptions import HTTPException
from starlette.requests import Request

from travelprep.db import signin_failures
from travelprep.web.client_address import client_address
from travelprep.web.database import RequestDb


class SignInGuard:
    """Counts failed sign-ins per client address and refuses an address that failed too often."""

    def __init__(
        self,
        limit: int,
        seconds: float,
        *,
        open_db: Callable[[bool], RequestDb],
        trusted_proxies: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._open_db = open_db
        self._trusted = tuple(trusted_proxies)

    def address(self, request: Request) -> str:
        """The address failures of this request are counted against."""
        return client_address(request, self._trusted)

    async def check(self, request: Request) -> None:
        """429 with Retry-After if the request's address has failed too often lately."""
        now = self.clock()
        find = partial(
            signin_failures.oldest_recent,
            client=self.address(request),
            since=now - self.seconds,
            limit=self.limit,
        )
        db = self._open_db(True)
        try:
            oldest = await db.run_sync(find)
        finally:
            await db.close()
        if oldest is not None:
            retry = max(1, int(self.seconds - (now - oldest)) + 1)
            raise HTTPException(
                429,
                f"Too many failed sign-ins from your address. Try again in {retry} seconds.",
                headers={"Retry-After": str(retry)},
            )

    async def failed(self, request: Request) -> None:
        """Count one failed sign-in (or bad token) from the request's address."""
        now = self.clock()
        add = partial(
            signin_failures.add, client=self.address(request), at=now, forget_before=now - self.seconds
        )
        db = self._open_db(False)
        try:
            await db.run_sync(add)
            await db.commit()
        finally:
            await db.close()
