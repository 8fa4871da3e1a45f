"""The JSON API's models for screening hits and the decisions on them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, PlainSerializer, WithJsonSchema

State = Literal["open", "false_positive", "cleared", "escalated"]
# Written as Python's isoformat ("+00:00", not pydantic's "Z"), as the API always has.
IsoDateTime = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class DecisionOut(BaseModel):
    """The decision as stored; `note` is internal to Research Compliance."""

    decision: Literal["false_positive", "cleared", "escalated"]
    note: str
    decided_at: IsoDateTime


class HitOut(BaseModel):
    """One screening hit of a trip: what matched, why, and the decision on it (null: undecided)."""

    query: str
    query_key: str
    entity_id: str
    name: str
    alias: str
    list: str
    source: str
    as_of: str
    score: float
    why: str
    state: State
    decision: DecisionOut | None
    new_since: str | None = None  # the date of the list update that brought the hit, if one did
    withdrawn_on: str | None = None  # when a list update removed the entry (ISO date)
