"""Structured logs: one JSON object per line on stderr, with the request id of the request.

What may be logged: user ids, never emails or names; route templates (`/calendar/{token}`),
never raw paths or query strings, which can carry calendar tokens and sign-in codes.
Tracebacks (ours and uvicorn's "Exception in ASGI application") keep their frames and the
exception types, never the exception messages, which can carry user text or secrets.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from contextvars import ContextVar
from types import TracebackType
from typing import Any

# The id of the request being answered, for every log line written while answering it.
REQUEST_ID: ContextVar[str | None] = ContextVar("travelprep_request_id", default=None)

ACCESS_LOGGER = "travelprep.access"


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message, request id, fields.

    Records may carry `fields` (a dict, encoded here) or `json_tail`: `"key": value` pairs
    already encoded by the caller, which the access log uses to stay cheap per request.
    """

    _second: int = -1
    _second_text: str = ""

    def _time(self, created: float) -> str:
        second = int(created)
        if second != self._second:  # strftime once a second, not once a line
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._second_text}.{int((created - second) * 1000):03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        tail = getattr(record, "json_tail", None)
        if tail is not None and not record.exc_info:
            return (
                f'{{"time": "{self._time(record.created)}", "level": "{record.levelname.lower()}", '
                f'"logger": "{record.name}", "message": {json.dumps(record.getMessage())}, {tail}}}'
            )
        line: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging.Formatter's name
        """The traceback with every exception's type and where it was raised, not its message."""
        _, error, tb = ei
        return "".join(_without_messages(error, tb, seen=set())) if error is not None else ""


def _without_messages(error: BaseException, tb: TracebackType | None, *, seen: set[int]) -> list[str]:
    """Traceback lines of `error` and the errors it came from, each message withheld."""
    seen.add(id(error))
    lines: list[str] = []
    cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    if cause is not None and id(cause) not in seen:
        lines += _without_messages(cause, cause.__traceback__, seen=seen)
        lines.append("\nThe above exception led to the following one:\n\n")
    lines.append("Traceback (most recent call last):\n")
    lines += traceback.format_tb(tb)
    kind = type(error)
    lines.append(f"{kind.__module__}.{kind.__qualname__}: [message withheld from the log]\n")
    for inner in getattr(error, "exceptions", None) or ():  # an ExceptionGroup's members
        if isinstance(inner, BaseException) and id(inner) not in seen:
            lines += ["  Inside the group:\n"] + _without_messages(inner, inner.__traceback__, seen=seen)
    return lines


def logging_config(level: str = "info") -> dict[str, Any]:
    """A logging.dictConfig for TravelPrep and uvicorn alike (uvicorn's `log_config`)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    loud = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "loggers": {
            "travelprep": {"handlers": ["stderr"], "level": loud, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": loud, "propagate": False},
            "uvicorn.error": {"level": loud},
            # Its lines carry the raw path and query string: TravelPrep writes its own.
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def configure_logging(level: str = "info") -> None:
    """Send TravelPrep's and uvicorn's logs to stderr as JSON lines."""
    import logging.config

    logging.config.dictConfig(logging_config(level))
