"""Visa requirements: a passport x destination table, and what it means for one traveler.

Without an imported table TravelPrep cannot know, so every foreign destination gets a
"check the requirement" item. With a table, the item names the requirement of the traveler's
most favourable passport and stays silent where no document is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# From most to least favourable; a traveler with several passports uses the first that works.
KINDS = ("own_country", "visa_free", "eta", "visa_on_arrival", "e_visa", "visa_required", "no_admission")
NEEDS_DOCUMENT = frozenset({"eta", "visa_on_arrival", "e_visa", "visa_required", "no_admission"})
_WORDING = {
    "own_country": "no visa needed (your own country)",
    "visa_free": "visa-free",
    "eta": "an electronic travel authorization (eTA) is required",
    "visa_on_arrival": "a visa on arrival is required",
    "e_visa": "an e-visa is required",
    "visa_required": "a visa is required",
    "no_admission": "entry is not allowed",
}


@dataclass(frozen=True)
class Requirement:
    """What one passport needs for one destination."""

    kind: str
    days: int | None = None  # for visa_free: how many days, when known

    def rank(self) -> tuple[int, int]:
        return KINDS.index(self.kind), -(self.days or 0)

    @property
    def wording(self) -> str:
        if self.kind == "visa_free" and self.days:
            return f"visa-free for {self.days} days"
        return _WORDING[self.kind]


@dataclass(slots=True)
class VisaAdvice:
    """The visa situation for one traveler and one destination: made per leg of every checklist
    and only read after (not frozen: a frozen dataclass sets each field through object.__setattr__)."""

    destination: str
    passport: str | None  # the passport to use, when known
    requirement: Requirement | None  # None: no data, the traveler must check
    passports_considered: tuple[str, ...] = ()

    @property
    def may_need_document(self) -> bool:
        return self.requirement is None or self.requirement.kind in NEEDS_DOCUMENT

    def outstays(self, stay_days: int | None) -> bool:
        """A visa-free stay with a day limit that the stay may exceed."""
        limit = self.requirement.days if self.requirement else None
        return bool(
            self.requirement
            and self.requirement.kind == "visa_free"
            and limit
            and stay_days
            and stay_days > limit
        )

    def may_need_document_for(self, stay_days: int | None) -> bool:
        """Whether a document may be needed for a stay of `stay_days` (None: unknown length)."""
        return self.may_need_document or self.outstays(stay_days)


@dataclass(frozen=True)
class VisaTable:
    """Requirements by (passport, destination), from an imported table."""

    requirements: Mapping[tuple[str, str], Requirement]
    as_of: date
    source: str

    def advise(self, passports: Iterable[str], destination: str) -> VisaAdvice:
        """The most favourable of the traveler's passports for `destination`."""
        passports = tuple(passports)
        if destination in passports:
            return VisaAdvice(destination, destination, Requirement("own_country"), passports)
        known = [
            (self.requirements[(p, destination)], p)
            for p in passports
            if (p, destination) in self.requirements
        ]
        if not known:
            return VisaAdvice(destination, None, None, passports)
        requirement, passport = min(known, key=lambda pair: pair[0].rank())
        return VisaAdvice(destination, passport, requirement, passports)


def advise_without_table(passports: Iterable[str], destination: str) -> VisaAdvice:
    """Advice when no table is loaded: only a traveler's own country is known to be free."""
    passports = tuple(passports)
    if destination in passports:
        return VisaAdvice(destination, destination, Requirement("own_country"), passports)
    return VisaAdvice(destination, None, None, passports)
