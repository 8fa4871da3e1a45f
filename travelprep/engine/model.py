"""The checklist as CONTRACT.md shapes it: what `generate_checklist` returns, immutable."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from travelprep.engine.facts.policy import Contact
from travelprep.engine.rules.items import Category, Link, Priority
from travelprep.screening import ScreeningResult


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)
    # Every field's name: the fields set of every model `built` gives. One set per model is
    # shared by its instances, as pydantic never changes a frozen model's set in place
    # (`model_copy` changes a copy); tests/engine/test_properties.py checks that it holds.
    _all_fields: ClassVar[set[str]] = set()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._all_fields = set(cls.model_fields)


Out = TypeVar("Out", bound=_Out)
_new = object.__new__
# The setters of pydantic's own slots, taken once: cheaper than naming each slot on every call.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields = BaseModel.__pydantic_fields_set__.__set__  # type: ignore[attr-defined]
_set_extra = BaseModel.__pydantic_extra__.__set__  # type: ignore[attr-defined]
_set_private = BaseModel.__pydantic_private__.__set__  # type: ignore[attr-defined]


def built(model: type[Out], values: dict[str, Any]) -> Out:
    """The model of values the engine made itself, with every field given: not validated again.

    It is what pydantic's `model_construct` does, without its loop over the fields, which cost
    more per item than the rest of the item. Tests validate generated checklists against the
    models (tests/engine/test_properties.py), so a value of the wrong type fails there.
    """
    return built_all(model, [values])[0]


def built_all(model: type[Out], values: list[dict[str, Any]]) -> list[Out]:
    """`built` of each values in turn: one call for a checklist's items."""
    fields = model._all_fields
    made_all = []
    for each in values:
        made = _new(model)
        _set_dict(made, each)
        _set_fields(made, fields)
        _set_extra(made, None)
        _set_private(made, None)
        made_all.append(made)
    return made_all


class ChecklistItem(_Out):
    id: str
    category: Category
    priority: Priority
    title: str
    body: str  # Markdown
    due: date | None
    overdue: bool
    short_notice: bool
    reasons: list[str]
    links: list[Link]
    late_advice: str | None = None  # what to do now, when the lead time no longer fits
    lead_days: int | None = None
    due_anchor: str | None = None  # "departure" or "return"
    contact: Contact
    needs_answer: bool = Field(
        default=False,
        description="The item applies if the traveler takes a laptop or phone, which the itinerary "
        "does not say (`devices_unknown`): kept on the list until answered, never dropped.",
    )


class Destination(_Out):
    country: str
    region: str | None
    name: str
    elevated_risk: bool
    sanctioned: bool
    ear_groups: list[str]
    advisory_level: int | None
    encryption_restricted: bool
    vpn_restricted: bool
    advisory_url: str | None = Field(default=None, description="The State Department's advisory page")
    visa_requirement_known: bool = Field(
        default=True, description="False when no visa data covers the traveler's passport there"
    )


class SourceDate(_Out):
    name: str
    as_of: date
    kind: str
    origin: str


class StaleData(_Out):
    name: str
    kind: str
    as_of: date
    age_days: int
    limit_days: int


class DataInfo(_Out):
    policy: str
    sources: list[SourceDate]
    stale: list[StaleData] = []  # sources past their age limit on `generated_on`


class TripDates(_Out):
    departure: date
    return_: date = Field(serialization_alias="return")
    days_until_departure: int


class Checklist(_Out):
    generated_on: date
    data: DataInfo
    trip: TripDates
    destinations: list[Destination]
    screening: list[ScreeningResult]
    devices_unknown: bool = Field(
        default=False,
        description="The itinerary does not say which devices are taken (no `carrying.devices`): "
        "the items a laptop and phone would bring are kept, with `needs_answer: true`. "
        '`"devices": ["none"]` (or `[]`) answers "nothing electronic".',
    )
    items: list[ChecklistItem]

    def to_data(self) -> dict:
        """CONTRACT.md's JSON shape."""
        return self.model_dump(mode="json", by_alias=True)
