"""The itinerary: what a traveler tells TravelPrep about a trip, validated strictly.

`parse_itinerary` is the one door in: JSON, YAML, the web form and the API all pass a plain
mapping through it and get either a frozen `Itinerary` or an `InvalidItinerary` listing every
problem by field path (e.g. `legs[1].country`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from travelprep.engine import geography, region_cities

# Control characters (C0, C1, DEL) and Unicode line/paragraph separators: never part of a
# name or a city, and a way to smuggle line breaks into calendars, CSV and mail headers.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(value: Any) -> Any:
    """Text on one line: control characters and runs of spaces become one space, trimmed."""
    return " ".join(_CONTROL.sub(" ", value).split()) if isinstance(value, str) else value


_clean_text = clean_text


def _country(value: str) -> str:
    code = value.strip().upper()
    if not geography.is_country(code):
        hint = geography.code_hint(value)  # "RU for Russia", or "e.g. CN"
        raise ValueError(f"unknown country code {value!r}; use ISO 3166-1 alpha-2, {hint}")
    return code


def _region(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if not geography.is_region(code):
        raise ValueError(f"unknown region code {value!r}; use ISO 3166-2, e.g. UA-43")
    if code in geography.OWN_COUNTRY_REGIONS:
        own = geography.OWN_COUNTRY_REGIONS[code]
        raise ValueError(
            f"{code} has its own facts under its own country code: use country {own} and no region"
        )
    return code


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean_text), StringConstraints(max_length=200)]
RequiredText = Annotated[str, BeforeValidator(_clean_text), StringConstraints(min_length=1, max_length=200)]
CountryCode = Annotated[str, BeforeValidator(_upper), AfterValidator(_country)]
RegionCode = Annotated[str | None, AfterValidator(_region)]
Email = Annotated[
    str,
    BeforeValidator(_clean_text),
    StringConstraints(max_length=254, pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$"),
]


class Role(StrEnum):
    faculty = "faculty"
    staff = "staff"
    student = "student"
    postdoc = "postdoc"
    visiting = "visiting"


class VisaStatus(StrEnum):
    F1 = "F-1"
    J1 = "J-1"
    H1B = "H-1B"
    O1 = "O-1"
    other = "other"


class Purpose(StrEnum):
    conference = "conference"
    research = "research"
    fieldwork = "fieldwork"
    teaching = "teaching"
    meeting = "meeting"
    personal = "personal"


class Device(StrEnum):
    laptop = "laptop"
    phone = "phone"
    tablet = "tablet"
    storage = "storage"
    none = "none"


class DataKind(StrEnum):
    public = "public"
    export_controlled = "export_controlled"
    itar = "itar"
    cui = "cui"
    personal_data = "personal_data"
    human_subjects = "human_subjects"
    proprietary = "proprietary"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Traveler(_Strict):
    name: RequiredText
    email: Email
    role: Role
    citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=5)]
    us_permanent_resident: bool = False
    visa_status: VisaStatus | None = None

    @property
    def us_citizen(self) -> bool:
        return "US" in self.citizenships


class Leg(_Strict):
    country: CountryCode
    region: RegionCode = None
    city: Text | None = None
    arrive: date | None = None
    depart: date | None = None


class Activities(_Strict):
    formal_collaboration: bool = False
    informal_collaboration: bool = False
    foreign_compensation: bool = False
    talent_program: bool = False
    recruitment_role: bool = False
    paid_recommendation: bool = False
    presenting: bool = False


class Carrying(_Strict):
    # None: not answered yet. The checklist then keeps the items a laptop and phone would
    # bring, marked as needing an answer, instead of reading silence as "nothing".
    devices: Annotated[list[Device] | None, Field(max_length=10)] = None
    data: Annotated[list[DataKind], Field(max_length=10)] = []
    equipment: bool = False

    @field_validator("devices")
    @classmethod
    def _none_alone(cls, devices: list[Device] | None) -> list[Device] | None:
        if devices and Device.none in devices and len(set(devices)) > 1:
            raise ValueError("'none' (nothing electronic) cannot go with devices: give one or the other")
        return devices

    @property
    def devices_unknown(self) -> bool:
        """Whether the traveler has not said which devices they take (not even "none")."""
        return self.devices is None


class Itinerary(_Strict):
    traveler: Traveler
    departure: date
    return_: date = Field(alias="return")
    legs: Annotated[list[Leg], Field(min_length=1, max_length=30)]
    purposes: Annotated[list[Purpose], Field(max_length=10)] = []
    activities: Activities = Activities()
    carrying: Carrying = Carrying()
    institutions: Annotated[list[RequiredText], Field(max_length=50)] = []

    def to_data(self) -> dict[str, Any]:
        """The itinerary as plain JSON-ready data, in CONTRACT.md's shape."""
        return self.model_dump(mode="json", by_alias=True)


@dataclass(frozen=True)
class FieldError:
    """One problem with one field, e.g. `legs[1].country`: unknown country code 'XX'."""

    field: str
    message: str


class InvalidItinerary(ValueError):
    """The itinerary could not be accepted; `errors` names every field at fault."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def field_path(loc: tuple[Any, ...]) -> str:
    """('legs', 1, 'country') -> 'legs[1].country'; the alias `return_` reads as `return`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = "return" if part == "return_" else str(part)
            path += f".{name}" if path else name
    return path or "itinerary"


def parse_itinerary(data: Any) -> Itinerary:
    """Validate a mapping into an Itinerary, or raise InvalidItinerary naming every field."""
    if not isinstance(data, Mapping):
        raise InvalidItinerary([FieldError("itinerary", "expected a mapping of fields")])
    try:
        itinerary = Itinerary.model_validate(data)
    except ValidationError as error:
        problems = [FieldError(field_path(e["loc"]), _message(e)) for e in error.errors()]
        raise InvalidItinerary(problems + _date_problems_of_raw(data, problems)) from None
    problems = list(_date_problems(itinerary))
    if problems:
        raise InvalidItinerary(problems)
    return itinerary


class _LegDates(BaseModel):
    country: str = ""
    region: str | None = None
    city: str | None = None
    arrive: date | None = None
    depart: date | None = None


class _TripDates(BaseModel):
    """Just the dates, so date problems are reported alongside other field errors."""

    departure: date
    return_: date = Field(alias="return")
    legs: list[_LegDates] = []


def _date_problems_of_raw(data: Mapping[str, Any], found: list[FieldError]) -> list[FieldError]:
    try:
        dates = _TripDates.model_validate(data)
    except ValidationError:
        return []  # the date fields themselves are wrong, and already reported
    known = {problem.field for problem in found}
    return [p for p in _date_problems(dates) if p.field not in known and not p.field.endswith(".region")]


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "enum":
        return f"must be one of: {error['ctx']['expected']}"
    if error["type"] in ("too_long", "string_too_long"):  # pydantic says "items" even of text
        given, limit = error.get("input"), error.get("ctx", {}).get("max_length")
        if isinstance(given, str):
            return f"use at most {limit} characters (this has {len(given)})"
        if isinstance(given, list | tuple):
            return f"give at most {limit} (this has {len(given)}); remove some"
    return str(error["msg"]).removeprefix("Value error, ")


def _date_problems(itinerary: Itinerary | _TripDates) -> Iterator[FieldError]:
    """Dates that are each valid but do not fit together."""
    start, end = itinerary.departure, itinerary.return_
    if end < start:
        yield FieldError("return", f"return ({end}) is before departure ({start})")
        return
    previous_end: date | None = None
    for i, leg in enumerate(itinerary.legs):
        if leg.region and leg.country and geography.region_country(leg.region) != leg.country:
            yield FieldError(f"legs[{i}].region", f"{leg.region} is not a region of {leg.country}")
        elif problem := region_cities.region_problem(leg.country, leg.region, leg.city):
            yield FieldError(f"legs[{i}].region", problem)  # Yalta without Crimea: no embargo said
        if leg.arrive and not start <= leg.arrive <= end:
            yield FieldError(f"legs[{i}].arrive", f"{leg.arrive} is outside the trip ({start} to {end})")
        if leg.depart and not start <= leg.depart <= end:
            yield FieldError(f"legs[{i}].depart", f"{leg.depart} is outside the trip ({start} to {end})")
        if leg.arrive and leg.depart and leg.depart < leg.arrive:
            yield FieldError(f"legs[{i}].depart", f"leaves ({leg.depart}) before arriving ({leg.arrive})")
        begins = leg.arrive or leg.depart
        if previous_end and begins and begins < previous_end:
            yield FieldError(
                f"legs[{i}].arrive",
                f"overlaps leg {i} (which ends {previous_end}); list legs in date order",
            )
        previous_end = leg.depart or leg.arrive or previous_end
