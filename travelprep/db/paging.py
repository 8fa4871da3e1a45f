"""Keyset paging for staff lists: a page of rows after a cursor, the next cursor, and a total.

Keyset (not OFFSET) paging keeps a page stable while rows are added before it, and costs the
same on page 1,000 as on page 1. A cursor is the sort key of a page's last row, written as
text ("2027-03-01,812", each part percent-encoded), so it fits in a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

PAGE_SIZE = 50
COUNT_CAP = 10_000  # beyond this the page says "more than 10,000" instead of counting on
_SEPARATOR = ","


@dataclass(frozen=True)
class Page:
    """One page of rows, the cursor of the next page (None on the last), and the total."""

    rows: list[Any]  # result rows; a page of select(Entity) holds the objects themselves
    next_cursor: str | None
    total: int
    total_capped: bool  # True: there are more than `total` matching rows

    @property
    def total_text(self) -> str:
        """The total as a caption says it: "1,234" or "more than 10,000"."""
        return f"more than {self.total:,}" if self.total_capped else f"{self.total:,}"


def encode_cursor(values: tuple[Any, ...]) -> str:
    """The cursor text of one row's sort key."""
    return _SEPARATOR.join(quote(v.isoformat() if isinstance(v, date) else str(v), safe="") for v in values)


def decode_cursor(text: str, kinds: tuple[type, ...]) -> tuple[Any, ...] | None:
    """The sort key a cursor stands for, or None when it is not one (then paging starts over)."""
    parts = [unquote(p) for p in text.split(_SEPARATOR)] if text else []
    if len(parts) != len(kinds):
        return None
    try:
        return tuple(date.fromisoformat(p) if k is date else k(p) for p, k in zip(parts, kinds, strict=True))
    except ValueError:
        return None


def count_capped(session: Session, query: Select, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows the query matches, counting no further than `cap`."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    found = session.scalar(select(func.count()).select_from(limited)) or 0
    return (cap, True) if found > cap else (found, False)


def keyset_page(
    session: Session,
    query: Select,
    *,
    keys: tuple[Any, ...],
    cursor: str,
    size: int = PAGE_SIZE,
    kinds: tuple[type, ...],
    count: bool = True,
) -> Page:
    """The rows of `query` after `cursor` in `keys` order (ascending), `size` at most."""
    total, capped = count_capped(session, query) if count else (0, False)
    after = decode_cursor(cursor, kinds)
    if after is not None:
        query = query.where(tuple_(*keys) > tuple_(*after))
    rows = list(session.execute(query.order_by(*keys).limit(size + 1)).all())
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(_key_of(rows[-1], keys)) if more else None
    if rows and len(rows[0]) == 1 and hasattr(rows[0][0], "__table__"):
        rows = [row[0] for row in rows]
    return Page(rows, next_cursor, total, capped)


def _key_of(row: Any, keys: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(row) == 1 and hasattr(row[0], "__table__"):  # select(Entity): read the key off the object
        return tuple(getattr(row[0], key.key) for key in keys)
    mapping = row._mapping  # by name: a column's, or a labelled expression's
    return tuple(mapping[key.key] for key in keys)
