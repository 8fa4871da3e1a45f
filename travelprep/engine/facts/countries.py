"""Country facts: one object that every part of TravelPrep asks about a destination.

Built once from checklists/countries/ and the institute policy. A region (ISO 3166-2) has the
facts of its country plus its own, so Crimea (UA-43) is Ukraine with a comprehensive embargo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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
from travelprep.engine.facts.places import DestinationFacts, Fact, Sanction, SourceInfo


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
