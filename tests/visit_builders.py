"""A valid visit to start tests from, changed only where a test says so (dates after TODAY)."""

from __future__ import annotations

import copy
from typing import Any

BASE_VISIT: dict[str, Any] = {
    "host": {"name": "Ada Lovelace", "email": "ada@example.edu"},
    "visitor": {
        "name": "Marie Dupont",
        "email": "marie.dupont@example.fr",
        "citizenships": ["FR"],
        "affiliations": [{"institution": "Sorbonne University", "country": "FR", "current": True}],
    },
    "arrive": "2027-03-09",
    "depart": "2027-03-12",
    "purposes": ["talk"],
    "appointment": False,
    "visa": None,
    "access": {"labs": False, "export_controlled": False, "cui": False, "proprietary": False},
    "payments": {"host_pays_visitor": False, "visitor_institution_pays_host": False},
}


def visit_data(**changes: Any) -> dict[str, Any]:
    """BASE_VISIT with top-level fields replaced, and `visitor=` / `access=` / `payments=` merged."""
    data = copy.deepcopy(BASE_VISIT)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return data


def affiliation(institution: str, country: str, *, current: bool = False) -> dict[str, Any]:
    return {"institution": institution, "country": country, "current": current}


def visitor_from(country: str, *institutions: str, prior: tuple[str, str] | None = None) -> dict[str, Any]:
    """A visitor who is a citizen of `country` and works there now (and, if given, worked at `prior`)."""
    names = institutions or ("A University",)
    found = [affiliation(name, country, current=True) for name in names]
    if prior:
        found.append(affiliation(prior[0], prior[1]))
    return {"citizenships": [country], "affiliations": found}
