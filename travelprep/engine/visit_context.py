"""What the visit rules look at: the visit and each place the visitor comes from, facts resolved.

The rules engine (evaluate.py) walks a subject's `legs`. For a trip these are the places the
traveller goes; for a visit they are the places the visitor comes from: each citizenship and
each affiliation, current or prior. So "from an elevated-risk country" is a condition on an
origin, and its reason names the origin ("Current affiliation: Fudan University, China — ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from travelprep.engine.facts.places import DestinationFacts
from travelprep.engine.facts.visas import VisaAdvice
from travelprep.engine.visit import Affiliation, Visit
from travelprep.screening import ScreeningResult

OriginKind = Literal["citizenship", "current_affiliation", "prior_affiliation"]
ORIGIN_KINDS = ("citizenship", "current_affiliation", "prior_affiliation")


@dataclass(frozen=True)
class OriginContext:
    """One citizenship or affiliation of the visitor, and the facts of its country."""

    number: int  # 1-based, in the order: citizenships, then affiliations as given
    kind: OriginKind
    place: DestinationFacts
    affiliation: Affiliation | None = None
    label: str = ""

    @classmethod
    def build(
        cls, number: int, kind: OriginKind, place: DestinationFacts, affiliation: Affiliation | None = None
    ) -> OriginContext:
        if affiliation is None:
            label = f"Citizenship: {place.name}"
        else:
            which = "Current affiliation" if kind == "current_affiliation" else "Prior affiliation"
            label = f"{which}: {affiliation.institution}, {place.name}"
        return cls(number, kind, place, affiliation, label)


@dataclass(frozen=True)
class VisitContext:
    """The whole visit as the rules see it on a given day."""

    visit: Visit
    today: date
    legs: tuple[OriginContext, ...]  # the visitor's origins: named `legs` for the shared evaluator
    screening: tuple[ScreeningResult, ...]
    us_visa: VisaAdvice  # what the visitor's passports need to enter the US, where known
    days_until_arrival: int = 0
    purposes: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        visit: Visit,
        today: date,
        legs: tuple[OriginContext, ...],
        screening: tuple[ScreeningResult, ...],
        us_visa: VisaAdvice,
    ) -> VisitContext:
        return cls(
            visit,
            today,
            legs,
            screening,
            us_visa,
            (visit.arrive - today).days,
            tuple(p.value for p in visit.purposes),
        )
