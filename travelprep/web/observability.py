"""Per-request metrics and the access log, as one plain ASGI middleware (no per-request objects).

Requests are labelled by route template (`/trips/{trip_id}`), never by raw path, so calendar
tokens and ids stay out of metrics and logs, and the number of label values stays bounded.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import traceback
from time import perf_counter
from typing import Any

from sqlalchemy import inspect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from travelprep.logs import ACCESS_LOGGER, REQUEST_ID
from travelprep.metrics import HTTP_METHODS, REQUEST_SECONDS, REQUESTS

REQUEST_ID_HEADER = b"x-request-id"
# A caller's request id is kept only if it is short and plain, so it cannot forge log lines.
_SAFE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
UNMATCHED = "unmatched"

access_log = logging.getLogger(ACCESS_LOGGER)
error_log = logging.getLogger("travelprep.errors")


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (`/static` for a mount), or `unmatched`."""
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED


# Made ids are this process's random prefix and a count: unique across workers and restarts
# (64 random bits each), and a fraction of the cost of fresh random bytes per request.
_ID_PREFIX = os.urandom(8).hex()
_ID_COUNT = itertools.count()


def _new_id_prefix() -> None:
    """A forked worker must not repeat its parent's ids."""
    global _ID_PREFIX, _ID_COUNT
    _ID_PREFIX, _ID_COUNT = os.urandom(8).hex(), itertools.count()


os.register_at_fork(after_in_child=_new_id_prefix)


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            if _SAFE_REQUEST_ID.match(value):
                return value.decode("ascii")
            break
    return f"{_ID_PREFIX}{next(_ID_COUNT):016x}"


class ObservabilityMiddleware:
    """Counts and times each request, logs it as one JSON line, and echoes X-Request-ID."""

    def __init__(self, app: ASGIApp, *, metrics: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        # Per (method, route, status): the metric children and the route as JSON, looked up
        # once; prometheus-client's labels() costs more than the counting itself.
        self._series: dict[tuple[str, str, int], tuple[Any, Any, str]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = perf_counter()
        request_id = _incoming_request_id(scope)
        header = (REQUEST_ID_HEADER, request_id.encode("ascii"))
        token = REQUEST_ID.set(request_id)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            _log_unhandled(error, scope, request_id)
            raise
        finally:
            self._record(scope, status, perf_counter() - start, request_id)
            REQUEST_ID.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = route_template(scope)
        method = scope["method"] if scope["method"] in HTTP_METHODS else "other"
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            series = (
                REQUESTS.labels(method, route, str(status)),
                REQUEST_SECONDS.labels(method, route),
                json.dumps(route),
            )
            self._series[key] = series
        if self.metrics:
            series[0].inc()
            series[1].observe(seconds)
        if access_log.isEnabledFor(logging.INFO):
            user_id = _user_id(scope.get("state", {}).get("user"))
            # Every value is plain by construction (request ids are checked, methods are from a
            # fixed set, routes are encoded once), so the fields are written without json.dumps.
            tail = (
                f'"request_id": "{request_id}", "method": "{method}", "route": {series[2]}, '
                f'"status": {status}, "duration_ms": {seconds * 1000:.2f}, '
                f'"user_id": {"null" if user_id is None else int(user_id)}'
            )
            access_log.info("request", extra={"json_tail": tail})


def _user_id(user: object) -> int | None:
    """The user's primary key as the session knew it, without loading anything.

    After a failed write the session is rolled back and closed, and reading `user.id` would
    try to reload the row (DetachedInstanceError), losing the request's access-log line.
    """
    if user is None:
        return None
    state = inspect(user, raiseerr=False)
    if state is None:  # not a database row: a page's plain Viewer
        user_id = getattr(user, "id", None)
        return user_id if isinstance(user_id, int) else None
    return int(state.identity[0]) if state.identity else None


def _log_unhandled(error: Exception, scope: Scope, request_id: str) -> None:
    """One line per 500: the request id, route, error type and where it was raised.

    Not the error's message nor the values in the frames: either can hold users' data.
    """
    frames = traceback.extract_tb(error.__traceback__)
    where = [
        f"{frame.filename.rsplit('/site-packages/', 1)[-1]}:{frame.lineno} in {frame.name}"
        for frame in frames
    ]
    fields = {
        "request_id": request_id,
        "method": scope["method"] if scope["method"] in HTTP_METHODS else "other",
        "route": route_template(scope),
        "status": 500,
        "error_type": f"{type(error).__module__}.{type(error).__qualname__}",
        "where": where[-12:],
    }
    error_log.error("unhandled error", extra={"fields": fields})
