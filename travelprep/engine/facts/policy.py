"""The institute's travel policy (checklists/policy.yaml): elevated-risk list, loaner trigger,
contacts, and the window of dates users may enter."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from travelprep.engine.date_window import DateWindow
from travelprep.engine.facts.country_files import Code, Url
from travelprep.engine.facts.places import Fact
from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors, load_yaml, validate_document
from travelprep.engine.rules.conditions import Condition, ConditionCompiler
from travelprep.engine.rules.vocabulary import PLACE_FACTS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    name: str
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    url: Url


class ElevatedRisk(_Strict):
    countries: Annotated[list[Code], Field(min_length=1)]
    note: str = ""
    source: Url
    as_of: date


class SecurityTraining(_Strict):
    """Foreign-travel security training: who must take it, how often, how strongly."""

    roles: Annotated[list[Literal["faculty", "staff", "student", "postdoc", "visiting"]], Field(min_length=1)]
    every_years: Annotated[int, Field(ge=1, le=10)]
    priority: Literal["required", "recommended"]
    note: str = ""
    source: Url
    as_of: date
    confidence: Literal["normal", "low"] = "normal"


class DateWindowFile(_Strict):
    years_back: Annotated[int, Field(ge=0, le=10)] = 1
    years_ahead: Annotated[int, Field(ge=1, le=20)] = 5


class PolicyFile(_Strict):
    name: str
    source: Url
    as_of: date
    elevated_risk: ElevatedRisk
    loaner_trigger: Any
    contacts: dict[str, Contact]
    security_training: SecurityTraining | None = None
    date_window: DateWindowFile = DateWindowFile()


class Policy:
    """The validated policy, with its loaner trigger compiled."""

    def __init__(self, document: PolicyFile, loaner_trigger: Condition) -> None:
        self.name = document.name
        self.source = document.source
        self.as_of = document.as_of
        self.label = f"{self.name} (as of {self.as_of})"  # as every checklist names it
        self.contacts = document.contacts
        self.loaner_trigger = loaner_trigger
        self.security_training = document.security_training
        self.date_window = DateWindow(document.date_window.years_back, document.date_window.years_ahead)
        risk = document.elevated_risk
        self.elevated_risk = {
            code: Fact(True, "Institute elevated-risk list", risk.source, risk.as_of, note=risk.note)
            for code in risk.countries
        }


def load_policy(path: Path) -> Policy:
    """Read, validate and compile policy.yaml; errors carry file and line."""
    raw = load_yaml(path)
    document = validate_document(PolicyFile, raw, path)
    from travelprep.engine import geography

    unknown = [
        c for c in document.elevated_risk.countries if not (geography.is_country(c) or geography.is_region(c))
    ]
    if unknown:
        line = raw["elevated_risk"].key_lines.get("countries", 0)
        raise SourceErrors([SourceError(path, line, f"elevated_risk.countries: unknown codes {unknown}")])
    try:  # the trigger decides per destination, so it may only use facts of the place itself
        trigger = ConditionCompiler(PLACE_FACTS, path).compile(raw["loaner_trigger"])
    except SourceError as error:
        raise SourceErrors([error]) from None
    return Policy(document, trigger)
