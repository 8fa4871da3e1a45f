"""What is known about one place: sourced facts, and what a place works out from them once.

CountryBook (countries.py) makes these, for every country when it is built and for a region
when asked; the rules and the checklist read them on every leg of every trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from travelprep.engine import geography


@dataclass(frozen=True)
class Fact:
    """One sourced fact about a place: its value, where it comes from and how sure we are."""

    value: Any
    source_name: str
    source: str
    as_of: date
    confidence: str = "normal"
    note: str = ""


@dataclass(frozen=True)
class Sanction:
    program: str
    comprehensive: bool
    partial: bool = False  # covers only part of the region: confirm where the traveller goes


@dataclass(frozen=True)
class SourceInfo:
    """A data source behind the facts, for the checklist's `data.sources`."""

    name: str
    source: str
    as_of: date
    kind: str
    origin: str = "shipped"
    entries: int | None = None  # places (or rows) the source gives facts for, when counted


@dataclass(frozen=True)
class DestinationFacts:
    """Everything known about one country, or one region of a country."""

    country: str
    region: str | None
    name: str
    elevated_risk: Fact | None = None
    sanctions: tuple[Fact, ...] = ()
    ear_groups: tuple[Fact, ...] = ()
    advisory: Fact | None = None
    encryption: Fact | None = None
    vpn: Fact | None = None
    notes: tuple[Fact, ...] = ()
    risks: tuple[Fact, ...] = ()  # value: a RiskKind; note: what it means here
    advisory_regional: bool = False  # the advisory level is the region's own (e.g. Abkhazia)

    # Worked out once per place: a country's facts are made with the book (CountryBook), and
    # the rules read these on every leg of every trip.
    @cached_property
    def country_name(self) -> str:
        """The country's own name, for facts that are per country (advisories, visas)."""
        return geography.country_name(self.country)

    @property  # not worked out once: a region's copy of its country's facts has its own name
    def advisory_place(self) -> str:
        """Where the advisory level applies: the region for a region's own level, else the country."""
        return self.name if self.advisory_regional else self.country_name

    @cached_property
    def sanctioned(self) -> bool:
        """Under a comprehensive US (OFAC) embargo."""
        return any(f.value.comprehensive for f in self.sanctions)

    @cached_property
    def group_codes(self) -> tuple[str, ...]:
        return tuple(sorted({f.value for f in self.ear_groups}))

    @cached_property
    def embargoed(self) -> bool:
        """Comprehensively sanctioned, or in EAR group E:1/E:2: TMP and BAG are not the plain basis."""
        return self.sanctioned or bool({"E:1", "E:2"} & set(self.group_codes))

    @cached_property
    def risk_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({f.value for f in self.risks}))

    def in_region(self, region: str) -> DestinationFacts:
        """These facts for a region of this country that has none of its own, named for it.

        What was worked out from the facts (`sanctioned`, `group_codes`...) comes along, as it
        depends on the facts alone: a trip to a region costs what one to its country does.
        """
        if not self.__dict__.keys() >= _WORKED_OUT:  # on the country itself, for its other regions too
            for worked_out in _WORKED_OUT:
                getattr(self, worked_out)
        facts = self.__dict__.copy()
        facts["region"], facts["name"] = region, geography.place_name(self.country, region)
        made = object.__new__(DestinationFacts)
        object.__setattr__(made, "__dict__", facts)  # frozen: its fields are set this once
        return made

    def risks_of(self, kinds: frozenset[str] | set[str]) -> list[Fact]:
        """The risk facts of the given kinds, in file order."""
        return [f for f in self.risks if f.value in kinds]

    @cached_property
    def license_exceptions_restricted(self) -> bool:
        """EAR license exceptions are mostly unavailable here (15 CFR 746.8(c))."""
        return "license_exceptions_restricted" in self.risk_kinds

    @cached_property
    def advisory_level(self) -> int | None:
        return self.advisory.value if self.advisory else None

    @cached_property
    def encryption_restricted(self) -> bool:
        return self.encryption is not None

    @cached_property
    def vpn_restricted(self) -> bool:
        return self.vpn is not None

    def facts(self) -> list[tuple[str, Fact]]:
        """Every fact with a short label, for display."""
        labelled: list[tuple[str, Fact]] = []
        if self.elevated_risk:
            labelled.append(("elevated-risk (institute policy)", self.elevated_risk))
        for f in self.sanctions:
            scope = " — comprehensive embargo" if f.value.comprehensive else ""
            scope += " in part of the region only" if f.value.partial else ""
            labelled.append((f"sanctions: {f.value.program}{scope}", f))
        labelled += [(f"EAR group {f.value}", f) for f in self.ear_groups]
        if self.advisory:
            labelled.append((f"State Department advisory Level {self.advisory.value}", self.advisory))
        if self.encryption:
            labelled.append((f"encryption import: {self.encryption.value}", self.encryption))
        if self.vpn:
            labelled.append((f"VPN: {self.vpn.value.replace('_', ' ')}", self.vpn))
        labelled += [("travel note", f) for f in self.notes]
        labelled += [(f"risk: {f.value.replace('_', ' ')}", f) for f in self.risks]
        return labelled


# What a place works out from its facts alone, once (the cached properties above).
_WORKED_OUT = frozenset(
    name for name, value in vars(DestinationFacts).items() if isinstance(value, cached_property)
)
