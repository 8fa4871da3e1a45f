"""How many failed sign-ins and bad bearer tokens a client address may send before a pause.

A failure (a bearer token that names no one on /api/v1, a refused dev sign-in form, a trusted
proxy header from an address that is not a trusted proxy or that names no email) is counted
against the client's address. Once an address has `limit` failures within `seconds`, every
sign-in attempt from it (a bearer token, the sign-in form, a proxy header) is answered 429
with Retry-After until the oldest failure leaves the window, even one that would succeed: a
guesser cannot keep going and learn which guess was right. Successes are never counted and
cost nothing extra. One guard per app (create_app makes it), in process memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request

from travelprep.web.rate_limit import SlidingWindows


def client_address(request: Request) -> str:
    """The address the request came from ("" if the server does not know it)."""
    return request.client.host if request.client else ""


class SignInGuard:
    """Counts failed sign-ins per client address and refuses an address that failed too often."""

    def __init__(self, limit: int, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._failures = SlidingWindows(limit, seconds, clock)

    def check(self, request: Request) -> None:
        """429 with Retry-After if the request's address has failed too often lately."""
        retry = self._failures.retry_after(client_address(request))
        if retry is not None:
            raise HTTPException(
                429,
                f"Too many failed sign-ins from your address. Try again in {retry} seconds.",
                headers={"Retry-After": str(retry)},
            )

    def failed(self, request: Request) -> None:
        """Count one failed sign-in (or bad token) from the request's address."""
        self._failures.add(client_address(request))
