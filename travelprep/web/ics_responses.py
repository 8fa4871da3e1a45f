""".ics answers shared by every calendar route: content type, ETag and If-None-Match, and HEAD.

Calendar apps poll subscribed feeds with If-None-Match, and some probe a URL with HEAD before
subscribing; the downloads and the feeds all answer both the same way from here.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

ICS_TYPE = "text/calendar; charset=utf-8"
METHODS = ["GET", "HEAD"]  # FastAPI, unlike Starlette, does not add HEAD to a GET route
# A feed may change at any time: let a client keep it, but ask us (cheaply, by ETag) before use.
FEED_CACHE_CONTROL = "private, no-cache"
NO_SUCH_FEED = "No such calendar feed. If you regenerated its link, subscribe to the new one."


def if_none_match(request: Request) -> set[str]:
    """The tags of the If-None-Match header; weak and strong forms compare equal (RFC 9110)."""
    header = request.headers.get("if-none-match", "")
    tags = {tag.strip() for tag in header.split(",") if tag.strip()}
    return tags | {tag.removeprefix("W/") for tag in tags} | {"W/" + tag for tag in tags}


def is_unchanged(etag: str, tags: set[str]) -> bool:
    """Whether the client already holds the calendar this ETag names."""
    return etag in tags or "*" in tags


def not_modified(etag: str) -> Response:
    """304: the client's copy is current."""
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": FEED_CACHE_CONTROL})


def calendar_response(
    request: Request, body: bytes, *, etag: str | None = None, filename: str | None = None
) -> Response:
    """The calendar; to HEAD, the same headers (Content-Length included) without the body."""
    headers = {}
    if etag is not None:
        headers |= {"ETag": etag, "Cache-Control": FEED_CACHE_CONTROL}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.method == "HEAD":
        # The server sends no body to HEAD anyway; leaving it out here says so in tests too.
        headers["Content-Length"] = str(len(body))
        return Response(media_type=ICS_TYPE, headers=headers)
    return Response(body, media_type=ICS_TYPE, headers=headers)
