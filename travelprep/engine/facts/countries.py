"""Country facts: one object that every part of TravelPrep asks about a destination.

Built once from checklists/countries/ and the institute policy. A region (ISO 3166-2) has the
facts of its country plus its own, so Crimea (UA-43) is Ukraine with a comprehensive embargo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from travelprep.engine import geography
from travelprep.engine.facts.country_files import (
    AdvisoriesFile,
    CountryFile,
    EarGroupsFile,
    EncryptionVpnFile,
    Provenance,
    RisksFile,
    SanctionsEntry,
    SanctionsFile,
    TravelNotesFile,
    load_country_files,
)


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
        for worked_out in _WORKED_OUT:  # on the country itself, for its other regions too
            getattr(self, worked_out)
        made = object.__new__(DestinationFacts)
        made.__dict__.update(self.__dict__, region=region, name=geography.place_name(self.country, region))
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
_WORKED_OUT = tuple(
    name for name, value in vars(DestinationFacts).items() if isinstance(value, cached_property)
)


@dataclass
class _Collected:
    elevated_risk: Fact | None = None
    sanctions: list[Fact] = field(default_factory=list)
    ear_groups: list[Fact] = field(default_factory=list)
    advisory: Fact | None = None
    encryption: Fact | None = None
    vpn: Fact | None = None
    notes: list[Fact] = field(default_factory=list)
    risks: list[Fact] = field(default_factory=list)


class CountryBook:
    """The country facts, indexed by ISO code; built once and then only read."""

    def __init__(self, files: list[CountryFile], elevated_risk: dict[str, Fact]) -> None:
        self._by_code: dict[str, _Collected] = defaultdict(_Collected)
        self._sources = [
            SourceInfo(f.name, f.source, f.as_of, f.kind, entries=_places_covered(f)) for f in files
        ]
        for code, fact in elevated_risk.items():
            self._by_code[code].elevated_risk = fact
        for document in files:
            self._collect(document)
        self._places = self._countries()

    def _collect(self, document: CountryFile) -> None:
        def fact(value: Any, entry: Provenance) -> Fact:
            return Fact(
                value=value,
                source_name=document.name,
                source=entry.source or document.source,
                as_of=entry.as_of or document.as_of,
                confidence=entry.confidence or document.confidence,
                note=entry.note,
            )

        for entry in document.entries:
            if isinstance(document, SanctionsFile):
                for code in entry.codes:
                    sanction = Sanction(entry.program, entry.comprehensive, entry.partial)
                    self._by_code[code].sanctions.append(fact(sanction, entry))
                continue
            for code in entry.countries:
                found = self._by_code[code]
                if isinstance(document, EarGroupsFile):
                    found.ear_groups.append(fact(entry.group, entry))
                elif isinstance(document, AdvisoriesFile):
                    found.advisory = fact(entry.level, entry)
                elif isinstance(document, EncryptionVpnFile):
                    if entry.encryption:
                        found.encryption = fact(entry.encryption, entry)
                    if entry.vpn:
                        found.vpn = fact(entry.vpn, entry)
                elif isinstance(document, TravelNotesFile):
                    found.notes.append(fact(entry.note, entry))
                elif isinstance(document, RisksFile):
                    found.risks.append(fact(entry.risk, entry))

    def with_advisories(self, levels: dict[str, Fact], source: SourceInfo) -> CountryBook:
        """A copy whose advisory levels come from an imported feed instead of the snapshot."""
        copy = object.__new__(CountryBook)
        copy._by_code = defaultdict(_Collected)
        for code, collected in self._by_code.items():
            # The feed has countries only: a region's own level (Abkhazia, Level 4) is kept.
            regional = collected.advisory if geography.is_region(code) else None
            copy._by_code[code] = _Collected(**{**collected.__dict__, "advisory": regional})
        for code, fact in levels.items():
            copy._by_code[code].advisory = fact
        copy._sources = [s for s in self._sources if s.kind != "advisories"] + [source]
        copy._places = copy._countries()
        return copy

    def _countries(self) -> dict[str, DestinationFacts]:
        """Every country's facts, worked out once when the book is made (it is never changed)."""
        return {code: self._build(code, None) for code in geography.country_names()}

    def destination(self, country: str, region: str | None = None) -> DestinationFacts:
        """The facts for a country, or for a region with its country's facts added."""
        place = self._places.get(country)
        if place is None:
            return self._build(country, region)
        if region is None:
            return place
        if region in self._by_code:  # facts of its own: added to its country's
            return self._build(country, region)
        return place.in_region(region)

    def _build(self, country: str, region: str | None) -> DestinationFacts:
        base = self._by_code.get(country, _Collected())
        own = self._by_code.get(region, _Collected()) if region else _Collected()
        # A region's own advisory counts where it is the stricter: "Level 1 for Georgia" says
        # nothing of Abkhazia, which the same advisory puts at Level 4.
        regional = own.advisory is not None and (
            base.advisory is None or own.advisory.value > base.advisory.value
        )
        return DestinationFacts(
            country=country,
            region=region,
            name=geography.place_name(country, region),
            elevated_risk=own.elevated_risk or base.elevated_risk,
            sanctions=tuple(base.sanctions + own.sanctions),
            ear_groups=tuple(base.ear_groups),
            advisory=own.advisory if regional else base.advisory,
            advisory_regional=regional,
            encryption=base.encryption,
            vpn=base.vpn,
            notes=tuple(base.notes + own.notes),
            risks=tuple(base.risks + own.risks),
        )

    def lookup(self, code: str) -> DestinationFacts:
        """Facts for a country code (CN) or a region code (UA-43)."""
        code = code.strip().upper()
        code = geography.OWN_COUNTRY_REGIONS.get(code, code)  # CN-HK is Hong Kong, not China
        if geography.is_country(code):
            return self.destination(code)
        if geography.is_region(code):
            return self.destination(geography.region_country(code), code)
        raise KeyError(code)

    def sources(self) -> list[SourceInfo]:
        return list(self._sources)

    def names(self) -> list[tuple[str, str]]:
        """(code, display name) for every country, sorted by name, for pickers."""
        return list(geography.country_names().items())

    def regions_of(self, country: str) -> list[tuple[str, str]]:
        """The regions of a country that have facts of their own (e.g. sanctioned regions)."""
        return sorted(
            (code, geography.region_name(code))
            for code in self._by_code
            if "-" in code and geography.region_country(code) == country
        )


def _places_covered(document: CountryFile) -> int:
    """How many countries and regions a file gives facts for."""
    codes = {
        code
        for entry in document.entries
        for code in (entry.codes if isinstance(entry, SanctionsEntry) else entry.countries)
    }
    return len(codes)


def load_country_book(folder: Path, elevated_risk: dict[str, Fact]) -> CountryBook:
    """Read and validate checklists/countries/ into a CountryBook."""
    return CountryBook([document for _, document in load_country_files(folder)], elevated_risk)
