"""Keep calendar feed tokens out of logs: a feed's URL is the only key to it.

One pattern covers both feeds, `/calendar/{token}.ics` and the loaner desk's
`/loaner/calendar/{token}.ics` (which becomes `/loaner/calendar/[redacted].ics`).
"""

from __future__ import annotations

import logging
import re

FEED_PATH = re.compile(r"/calendar/[^/?#\s\"]+?\.ics")
REDACTED = "/calendar/[redacted].ics"


def redact(text: str) -> str:
    """The text with every feed token replaced."""
    return FEED_PATH.sub(REDACTED, text)


class FeedTokenFilter(logging.Filter):
    """Rewrites log records that mention a feed URL (uvicorn's access log puts the path in args)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/calendar/" in record.msg:
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple) and any(
            isinstance(a, str) and "/calendar/" in a for a in record.args
        ):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def redact_feed_tokens_in_access_logs() -> None:
    """Install the filter on uvicorn's loggers once (they are process-wide)."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, FeedTokenFilter) for f in logger.filters):
            logger.addFilter(FeedTokenFilter())
