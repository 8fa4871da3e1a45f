"""The visit: what a host tells TravelPrep about a researcher coming from abroad, validated strictly.

`parse_visit` is the one door in, as `parse_itinerary` is for trips: JSON, YAML, the web form
and the API pass a plain mapping and get a frozen `Visit` or an `InvalidVisit` naming every
field at fault (`visitor.affiliations[1].country`), in the itinerary's error shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from travelprep.engine import geography
from travelprep.engine.itinerary import CountryCode, Email, FieldError, RegionCode, RequiredText, field_path
from travelprep.engine.itinerary import _message as pydantic_message


class VisitPurpose(StrEnum):
    talk = "talk"
    meeting = "meeting"
    collaboration = "collaboration"
    lab_work = "lab_work"
    visiting_appointment = "visiting_appointment"


class VisaKind(StrEnum):
    B = "B"
    J1 = "J-1"
    other = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Host(_Strict):
    name: RequiredText
    email: Email


class Affiliation(_Strict):
    institution: RequiredText
    country: CountryCode
    region: RegionCode = None  # optional ISO 3166-2, e.g. UA-43: a sanctioned region is flagged
    current: bool = False


class Visitor(_Strict):
    name: RequiredText
    email: Email | None = None
    citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=5)]
    us_permanent_resident: bool = False  # a green card: not a foreign person for deemed exports
    # Current first; prior ones matter too (a prior defence-university post is screened).
    affiliations: Annotated[list[Affiliation], Field(min_length=1, max_length=20)]

    @property
    def us_citizen(self) -> bool:
        return "US" in self.citizenships

    @property
    def foreign_person(self) -> bool:
        """Neither a US citizen nor a permanent resident: a foreign person for deemed exports (BIS FAQ)."""
        return not (self.us_citizen or self.us_permanent_resident)


class Access(_Strict):
    """What the visitor will be able to reach on campus."""

    labs: bool = False
    export_controlled: bool = False
    cui: bool = False
    proprietary: bool = False


class Payments(_Strict):
    host_pays_visitor: bool = False
    visitor_institution_pays_host: bool = False


class Visit(_Strict):
    host: Host
    visitor: Visitor
    arrive: date
    depart: date
    purposes: Annotated[list[VisitPurpose], Field(min_length=1, max_length=5)]
    appointment: bool = False  # an institute appointment (visiting scholar or student)
    visa: VisaKind | None = None
    access: Access = Access()
    payments: Payments = Payments()
    lab: Annotated[RequiredText | None, Field(description="The host's lab or group")] = None
    # Other institutions the visit involves (a sponsor, a collaborating lab): screened too.
    institutions: Annotated[list[RequiredText], Field(max_length=20)] = []

    @property
    def holds_appointment(self) -> bool:
        """An appointment, said outright or by the purpose `visiting_appointment`."""
        return self.appointment or VisitPurpose.visiting_appointment in self.purposes

    def screened_names(self) -> list[str]:
        """Every name screened for the visit: affiliations (current, then prior), others, the visitor."""
        names: list[str] = []
        for name in [a.institution for a in self.visitor.affiliations] + self.institutions:
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        return [*names, self.visitor.name]

    def to_data(self) -> dict[str, Any]:
        """The visit as plain JSON-ready data, in the README's shape."""
        return self.model_dump(mode="json")


class InvalidVisit(ValueError):
    """The visit could not be accepted; `errors` names every field at fault."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def parse_visit(data: Any) -> Visit:
    """Validate a mapping into a Visit, or raise InvalidVisit naming every field."""
    if not isinstance(data, Mapping):
        raise InvalidVisit([FieldError("visit", "expected a mapping of fields")])
    try:
        visit = Visit.model_validate(data)
    except ValidationError as error:
        problems = [FieldError(field_path(e["loc"]) or "visit", pydantic_message(e)) for e in error.errors()]
        raise InvalidVisit(problems + _raw_date_problems(data, problems)) from None
    problems = _date_problems(visit.arrive, visit.depart) + _affiliation_problems(visit.visitor)
    if problems:
        raise InvalidVisit(problems)
    return visit


def _date_problems(arrive: date, depart: date) -> list[FieldError]:
    if depart < arrive:
        return [FieldError("depart", f"depart ({depart}) is before arrive ({arrive})")]
    return []


class _Dates(BaseModel):
    arrive: date
    depart: date


def _raw_date_problems(data: Mapping[str, Any], found: list[FieldError]) -> list[FieldError]:
    """The order of the dates, reported with the other field errors when both dates are valid."""
    try:
        dates = _Dates.model_validate({"arrive": data.get("arrive"), "depart": data.get("depart")})
    except ValidationError:
        return []
    known = {problem.field for problem in found}
    return [p for p in _date_problems(dates.arrive, dates.depart) if p.field not in known]


def _affiliation_problems(visitor: Visitor) -> list[FieldError]:
    """Regions of their own country; current affiliations first, so 'current' and 'prior' read in order."""
    problems = [
        FieldError(f"visitor.affiliations[{i}].region", f"{a.region} is not a region of {a.country}")
        for i, a in enumerate(visitor.affiliations)
        if a.region and geography.region_country(a.region) != a.country
    ]
    flags = [a.current for a in visitor.affiliations]
    if any(flags) and flags != sorted(flags, reverse=True):
        late = next(i for i, a in enumerate(flags) if a and not all(flags[:i]))
        problems.append(
            FieldError(f"visitor.affiliations[{late}].current", "list current affiliations first")
        )
    return problems
