"""The JSON API's models for trips, item statuses, checklists and .ics drafts, and its errors."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """An error the client can act on."""

    detail: str


class FieldProblem(BaseModel):
    """One field at fault, e.g. `legs[1].country`, and why."""

    field: str
    message: str


class ValidationProblem(BaseModel):
    """Every field at fault."""

    detail: list[FieldProblem]


class Ping(BaseModel):
    """The trivial answer that says the app is up."""

    status: Literal["ok"]


class TripSummary(BaseModel):
    """A trip in a list."""

    id: int
    name: str = Field(description="The trip's name: the traveler's own, else 'Trip to' its cities")
    status: str
    departure: date
    return_: date = Field(serialization_alias="return")
    countries: list[str]
    elevated_risk: bool
    sanctioned: bool


class HitReview(BaseModel):
    """A screening hit on the trip and where Research Compliance's review of it stands."""

    query: str
    name: str
    entity_id: str
    list: str
    state: Literal["open", "false_positive", "cleared", "escalated"]
    label: str
    decided_at: str | None
    new_since: str | None = None  # the date of the list update that brought the hit, if one did


class ChecklistChangeOut(BaseModel):
    """One change of the checklist since the traveler last dismissed the changes, and why."""

    item: str
    change: Literal["added", "removed", "required", "due_moved", "recommended"]
    reason: str


class TripOut(TripSummary):
    """A trip with its itinerary, its checklist (each item with its status) and its hits' review.

    `changes` is the newest diff of the checklist the traveler has not dismissed (empty if none).
    """

    itinerary: dict[str, Any]
    checklist: dict[str, Any]
    screening_review: list[HitReview]
    changes: list[ChecklistChangeOut] = []
    changes_id: int | None = Field(
        default=None, description="The diff `changes` shows: dismiss up to it with POST .../changes/dismiss"
    )


class DismissChangesIn(BaseModel):
    """Hide `changes` up to the diff the traveler saw; a newer diff stays shown."""

    model_config = ConfigDict(extra="forbid")

    up_to: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="The `changes_id` read (default: the newest diff)"
    )


class ItemStatusIn(BaseModel):
    """A new status for one checklist item."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["open", "done", "not_applicable"]
    note: str = Field("", max_length=2000)


class ItemStatusOut(BaseModel):
    """The item's status as stored."""

    item_id: str
    status: str
    note: str


class IcsDraftOut(BaseModel):
    """A draft itinerary read from a calendar (departure, return, legs) and what to check."""

    itinerary: dict[str, Any]
    warnings: list[str]


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing, unknown or revoked bearer token"},
    404: {"model": Problem, "description": "No such trip or item (or not yours)"},
    409: {"model": Problem, "description": "The saved itinerary no longer validates: replace it"},
    422: {"model": ValidationProblem, "description": "The input is invalid"},
    429: {"model": Problem, "description": "Too many failed sign-ins from this address: see Retry-After"},
}

# The itinerary is parsed by parse_itinerary (which also checks dates fit together), but the
# schema still documents its shape, so clients and schemathesis see real field names.
ITINERARY_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Itinerary"}}},
    }
}


def document_itinerary(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the Itinerary schema (and the schemas it uses) to the OpenAPI components."""
    from travelprep.engine.itinerary import Itinerary

    schema = Itinerary.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Itinerary"] = schema
    return openapi
