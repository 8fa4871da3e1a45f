"""Refuse JSON bodies no handler should see: nested too deeply, not text, with lone surrogates,
or giving a key twice.

The first and third were 500s: decoding JSON nested a thousand deep raises RecursionError, and
a lone surrogate ("\\ud800" is valid JSON but not text) fails later, when the text is encoded
to be stored or sent. Bytes that are not text at all were FastAPI's 400, a status the API does
not document. This middleware reads a JSON body once, refuses those with a 422 in the shape of
the app's validation errors, and hands every other body on unchanged. A key given twice was
taken silently with its last value: what the user typed first was lost without a word.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from travelprep.engine.itinerary_files import RepeatedKey, load_json

MAX_DEPTH = 32  # an itinerary is 4 deep; nothing we accept comes near this
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class JsonGuardMiddleware:
    """422 for JSON bodies nested deeper than MAX_DEPTH or holding lone surrogates."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        if problem := refusal(body):
            await JSONResponse({"detail": [problem]}, status_code=422)(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def refusal(body: bytes) -> dict[str, str] | None:
    """The field and message that refuse this JSON body, or None to let the handler decide."""
    try:
        value = load_json(body)
    except RecursionError:
        return {"field": "body", "message": f"JSON nested too deeply (the limit is {MAX_DEPTH} levels)"}
    except UnicodeDecodeError:
        # FastAPI answers bytes that are not UTF-8 (nor UTF-16/32) with an undocumented 400.
        return {"field": "body", "message": "the body is not UTF-8 text"}
    except ValueError:
        return None  # not JSON: the handler answers that with its own message
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return {
                "field": path or "body",
                "message": f"nested too deeply (the limit is {MAX_DEPTH} levels)",
            }
        if isinstance(item, str):
            if not _is_text(item):
                return {
                    "field": path or "body",
                    "message": "text holds an invalid character (a lone surrogate)",
                }
        elif isinstance(item, dict):
            if isinstance(item, RepeatedKey):  # the handler would see only the last value
                field = f"{path}.{item.key}" if path else item.key
                return {"field": field, "message": "given twice: give it once, with the value you mean"}
            for key, inner in item.items():
                if not _is_text(key):
                    return {"field": path or "body", "message": "a key holds an invalid character"}
                stack.append((inner, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}[{index}]", depth + 1) for index, inner in enumerate(item))
    return None


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return b"json" in value.lower()
    return False
