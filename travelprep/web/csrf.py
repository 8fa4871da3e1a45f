"""Cross-site request forgery protection by Fetch-metadata and Origin checks (as datasette).

A state-changing request to a page must come from our own origin: `Sec-Fetch-Site` must be
`same-origin` (or `none`, a typed URL), or, from browsers that do not send it, `Origin`
must name this host. A request with neither header is refused too, so the check cannot be
skipped by stripping headers. The JSON API is exempt: it authenticates with bearer tokens,
which a browser never attaches on its own.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EXEMPT_PREFIX = "/api/"


def is_same_origin(headers: Headers) -> bool:
    """Whether the request's fetch metadata or Origin says it came from this site."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = headers.get("origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


class CsrfMiddleware:
    """Refuse cross-site POSTs to pages with 403."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in SAFE_METHODS
            and not scope["path"].startswith(EXEMPT_PREFIX)
            and not is_same_origin(Headers(scope=scope))
        ):
            response = PlainTextResponse(
                "Cross-site request refused: submit the form from TravelPrep itself.",
                status_code=403,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
