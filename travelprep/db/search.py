"""Staff lists' text search: rows whose columns contain what was typed, ignoring case."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_


def containing(search: str, *columns) -> ColumnElement[bool]:
    """Any of `columns` contains `search` (trimmed, any case); `%` and `_` are matched as typed."""
    needle = search.strip().lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))
