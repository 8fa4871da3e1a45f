"""Links between the pages of a keyset-paged list (see db/paging.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request


def next_page_link(request: Request, cursor: str | None) -> str | None:
    """This page's address with the next page's cursor, or None on the last page."""
    if cursor is None:
        return None
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "after"]
    return f"{request.url.path}?{urlencode([*query, ('after', cursor)])}"


MAX_SEARCH = 200  # longer than any name or email: the rest is cut, not searched


def traveler_search(request: Request) -> str:
    """The traveler name or email a staff list is searched for (`?q=`), trimmed and cut short."""
    return request.query_params.get("q", "").strip()[:MAX_SEARCH]
