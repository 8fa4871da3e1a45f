"""The schema of the country-fact files in checklists/countries/, strictly validated.

Every file names its kind, a source URL and an as-of date. Entries inherit these and may
override them; facts from weaker sources say `confidence: low`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from travelprep.engine import geography
from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors, load_yaml, validate_document

Confidence = Literal["normal", "low"]


def _upper_code(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _known_code(value: str) -> str:
    if not (geography.is_country(value) or geography.is_region(value)):
        raise ValueError(f"unknown country or region code {value!r}")
    return value


Code = Annotated[str, BeforeValidator(_upper_code)]
Url = Annotated[str, Field(pattern=r"^https://\S+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Strict):
    """Where a fact comes from; missing parts are filled in from the file header."""

    source: Url | None = None
    as_of: date | None = None
    confidence: Confidence | None = None
    note: str = ""


class _Entry(Provenance):
    countries: Annotated[list[Code], Field(min_length=1)]

    @field_validator("countries")
    @classmethod
    def _codes_exist(cls, codes: list[str]) -> list[str]:
        return [_known_code(c) for c in codes]


class EarGroupEntry(_Entry):
    group: Literal["A:1", "A:5", "A:6", "B", "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2"]
    label: str


class SanctionsEntry(Provenance):
    codes: Annotated[list[Code], Field(min_length=1)]
    program: str
    comprehensive: bool
    # The embargo covers only part of the region (e.g. the occupied so-called DNR inside
    # Donetsk oblast, UA-14): the traveller must confirm where they will be.
    partial: bool = False

    @field_validator("codes")
    @classmethod
    def _codes_exist(cls, codes: list[str]) -> list[str]:
        return [_known_code(c) for c in codes]


class AdvisoryEntry(_Entry):
    level: Annotated[int, Field(ge=1, le=4)]


class EncryptionVpnEntry(_Entry):
    encryption: Literal["ban", "license"] | None = None
    vpn: Literal["banned", "state_approved_only", "restricted"] | None = None


class TravelNoteEntry(_Entry):
    note: Annotated[str, Field(min_length=1)]


# Destination risks a rule may name (`destination.risks`). Each entry's note says what the
# risk means for that place; the rules only name the kind.
RiskKind = Literal[
    "license_exceptions_restricted",  # EAR 746.8(c): most license exceptions unavailable
    "us_passport_restricted",  # 22 CFR 51.63/51.64: US passport invalid without validation
    "wrongful_detention",  # State Department: risk of wrongful or arbitrary detention
    "security_laws",  # national-security laws, exit bans, device inspection
    "dual_nationality_not_recognised",  # a dual national is treated as a national only
    "blocked_government_dealings",  # dealings with the government are blocked (e.g. EO 13884)
    "occupied_area",  # occupied territory: confirm exactly where you will be
    "data_protection_law",  # personal-data law that governs collection and transfer
    "us_entry_restricted",  # nationals' entry to the US suspended by proclamation (all visas)
    "us_entry_restricted_partial",  # suspended for B, F, M and J (and immigrant) visas only
]


class RiskEntry(_Entry):
    risk: RiskKind
    note: Annotated[str, Field(min_length=1)]


class _Header(_Strict):
    name: str
    source: Url
    as_of: date
    confidence: Confidence = "normal"


class EarGroupsFile(_Header):
    kind: Literal["ear_groups"]
    entries: list[EarGroupEntry]


class SanctionsFile(_Header):
    kind: Literal["sanctions"]
    entries: list[SanctionsEntry]


class AdvisoriesFile(_Header):
    kind: Literal["advisories"]
    entries: list[AdvisoryEntry]


class EncryptionVpnFile(_Header):
    kind: Literal["encryption_vpn"]
    entries: list[EncryptionVpnEntry]


class TravelNotesFile(_Header):
    kind: Literal["travel_notes"]
    entries: list[TravelNoteEntry]


class RisksFile(_Header):
    kind: Literal["risks"]
    entries: list[RiskEntry]


CountryFile = EarGroupsFile | SanctionsFile | AdvisoriesFile | EncryptionVpnFile | TravelNotesFile | RisksFile
_BY_KIND: dict[str, type[CountryFile]] = {
    "ear_groups": EarGroupsFile,
    "sanctions": SanctionsFile,
    "advisories": AdvisoriesFile,
    "encryption_vpn": EncryptionVpnFile,
    "travel_notes": TravelNotesFile,
    "risks": RisksFile,
}


def load_country_file(path: Path) -> CountryFile:
    """Parse and validate one country-fact file; raise SourceErrors with file:line."""
    document = load_yaml(path)
    kind = document.get("kind") if isinstance(document, dict) else None
    if kind not in _BY_KIND:
        line = getattr(document, "key_lines", {}).get("kind", 1)
        expected = ", ".join(sorted(_BY_KIND))
        raise SourceErrors([SourceError(path, line, f"kind: must be one of {expected}")])
    return validate_document(_BY_KIND[kind], document, path)


def load_country_files(folder: Path) -> list[tuple[Path, CountryFile]]:
    """Every file in checklists/countries/, with all errors gathered before raising."""
    loaded, errors = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded.append((path, load_country_file(path)))
        except SourceErrors as error:
            errors.extend(error.errors)
        except SourceError as error:
            errors.append(error)
    if errors:
        raise SourceErrors(errors)
    return loaded
