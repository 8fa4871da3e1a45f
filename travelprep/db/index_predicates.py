"""Conditions written into the SQL as the partial indexes on trips say them (models/trips.py).

psycopg prepares a statement it has run five times on a connection, and PostgreSQL may then
plan it once for any parameters (a generic plan). Such a plan uses a partial index only when
the query's conditions imply the index's predicate without knowing the parameters:
`status = $1` does not imply `status = 'active'`, nor `elevated_risk IS $2` imply
`elevated_risk`, and the list then reads every trip. So these constants are written inline.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column, not_
from sqlalchemy.orm import InstrumentedAttribute

from travelprep.db.models import Trip


def active_trip() -> ColumnElement[bool]:
    """`status = 'active'`, with 'active' in the SQL, as the partial indexes' predicate says it."""
    return Trip.status == literal_column("'active'")


def flag_is(flag: InstrumentedAttribute[bool], wanted: bool) -> ColumnElement[bool]:
    """The bare flag (`elevated_risk`) or its negation, as a partial index on the flag says it."""
    return flag.expression if wanted else not_(flag)
