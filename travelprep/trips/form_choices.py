"""The vocabulary of the itinerary form: CONTRACT.md's values with plain-language labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from travelprep.engine.rules.wording import ADVISORY_LABELS  # noqa: F401 (for the templates)

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook

TRAVELER_ROLES = [
    ("faculty", "Faculty"),
    ("staff", "Staff"),
    ("student", "Student"),
    ("postdoc", "Postdoc"),
    ("visiting", "Visiting scholar"),
]
VISA_STATUSES = [
    ("", "None (US citizen or permanent resident)"),
    ("F-1", "F-1 student"),
    ("J-1", "J-1 exchange visitor"),
    ("H-1B", "H-1B"),
    ("O-1", "O-1"),
    ("other", "Other"),
]
PURPOSES = [
    ("conference", "Conference"),
    ("research", "Research"),
    ("fieldwork", "Fieldwork"),
    ("teaching", "Teaching"),
    ("meeting", "Meeting"),
    ("personal", "Personal"),
]
# One plain question per activity, so nobody needs to know the policy's terms.
ACTIVITIES = [
    (
        "formal_collaboration",
        "Formal collaboration",
        "Do you have a contract, agreement or funded project with a foreign organization?",
    ),
    (
        "informal_collaboration",
        "Informal collaboration",
        "Will you share research work with foreign colleagues without a formal agreement?",
    ),
    (
        "foreign_compensation",
        "Foreign pay",
        "Will you be paid by, or have travel paid by, a foreign organization?",
    ),
    (
        "talent_program",
        "Talent program",
        "Have you been invited to, or are you part of, a foreign talent-recruitment program?",
    ),
    (
        "recruitment_role",
        "Recruitment role",
        "Are you organizing a program that places graduates in jobs abroad?",
    ),
    (
        "paid_recommendation",
        "Paid recommendations",
        "Have you been asked to write recommendation letters as part of paid teaching?",
    ),
    ("presenting", "Presenting", "Will you give a talk or show a poster?"),
]
DEVICES = [
    ("laptop", "Laptop"),
    ("phone", "Phone"),
    ("tablet", "Tablet"),
    ("storage", "USB drive or external disk"),
    ("none", "Nothing electronic"),
]
DATA_KINDS = [
    ("public", "Only public information"),
    ("export_controlled", "Export-controlled technical data"),
    ("itar", "ITAR-controlled data"),
    ("cui", "Controlled unclassified information (CUI)"),
    ("personal_data", "Personal data about other people"),
    ("human_subjects", "Human-subjects research data"),
    ("proprietary", "Proprietary data (e.g. from a company under NDA)"),
]

_NAME_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?)\)$")


@dataclass(frozen=True)
class CountryChoices:
    """Countries and regions to offer, and the lookup from what was typed to a code."""

    countries: list[tuple[str, str]]  # (code, display name), by name
    regions: list[tuple[str, str, str]]  # (country code, region code, label)
    _by_text: dict[str, str]
    _names: dict[str, str]

    @classmethod
    def from_rulebook(cls, rulebook: Rulebook) -> CountryChoices:
        """Read the choices once from the rulebook's country facts."""
        countries = sorted(rulebook.countries.names(), key=lambda pair: pair[1])
        by_text: dict[str, str] = {}
        for code, name in countries:
            by_text[code.lower()] = code
            by_text[name.lower()] = code
        regions = [
            (code, region_code, f"{name}: {region_name} ({region_code})")
            for code, name in countries
            for region_code, region_name in rulebook.countries.regions_of(code)
        ]
        return cls(countries, regions, by_text, dict(countries))

    def code_for(self, typed: str) -> str:
        """The code for a typed name or code ("China", "cn", "China (CN)"); else as typed."""
        text = typed.strip()
        match = _NAME_WITH_CODE.match(text)
        if match:
            text = match["code"]
        return self._by_text.get(text.lower(), text.upper() if len(text) == 2 else text)

    def name_of(self, code: str) -> str:
        """The display name of a country code, or the code itself when unknown."""
        return self._names.get(code, code)
