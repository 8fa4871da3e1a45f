"""The visit form: what the host typed, read into the visit format, with errors by form field.

The form's field names are the visit's own paths (`visitor.affiliations[1].country`), so an
error from `parse_visit` lands next to the field it names. Empty affiliation rows are skipped;
the errors of the rows kept are moved back to the row the host typed them in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from travelprep.engine.date_window import DateWindow
from travelprep.engine.itinerary import FieldError
from travelprep.engine.visit import InvalidVisit, VisaKind, Visit, VisitPurpose, parse_visit
from travelprep.trips.form_choices import CountryChoices

AFFILIATION_ROWS = 3
CITIZENSHIP_ROWS = 2
PURPOSES = [
    (VisitPurpose.talk, "A talk or seminar"),
    (VisitPurpose.meeting, "Meetings"),
    (VisitPurpose.collaboration, "Research collaboration"),
    (VisitPurpose.lab_work, "Work in a lab"),
    (VisitPurpose.visiting_appointment, "A visiting appointment (scholar or student)"),
]
VISAS = [("", "None or not known yet"), (VisaKind.B, "B (visitor)"), (VisaKind.J1, "J-1 (exchange visitor)"),
         (VisaKind.other, "Another visa")]  # fmt: skip
ACCESS = [
    ("labs", "Labs of your group"),
    ("export_controlled", "Export-controlled technology, equipment or data"),
    ("cui", "Controlled Unclassified Information (CUI)"),
    ("proprietary", "Proprietary (sponsor-owned) information"),
]
PAYMENTS = [
    ("host_pays_visitor", "You or the institute pay the visitor (honorarium, stipend, expenses)"),
    ("visitor_institution_pays_host", "The visitor's institution pays you or your travel"),
]
_AFFILIATION_FIELD = re.compile(r"^visitor\.affiliations\[(\d+)\]")
MAX_TEXT = 2000  # longer text is cut before parsing: the model refuses anything over 200 anyway


@dataclass
class VisitSubmission:
    """What was typed (to show again), the visit it makes, and the errors by field."""

    values: dict[str, Any]
    visit: Visit | None = None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def errors_by_field(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for error in self.errors:
            found.setdefault(error.field, []).append(error.message)
        return found

    @classmethod
    def blank(cls, *, host_name: str, host_email: str) -> VisitSubmission:
        values: dict[str, Any] = {"host.name": host_name, "host.email": host_email, "purposes": []}
        values["visitor.affiliations[0].current"] = True
        return cls(values)

    @classmethod
    def from_saved(cls, data: dict[str, Any], choices: CountryChoices) -> VisitSubmission:
        """The form filled from a saved visit (the README's format), countries by name."""
        visitor = data.get("visitor") or {}
        values: dict[str, Any] = {
            "host.name": (data.get("host") or {}).get("name", ""),
            "host.email": (data.get("host") or {}).get("email", ""),
            "visitor.name": visitor.get("name", ""),
            "visitor.email": visitor.get("email") or "",
            "visitor.us_permanent_resident": bool(visitor.get("us_permanent_resident")),
            "arrive": str(data.get("arrive") or ""),
            "depart": str(data.get("depart") or ""),
            "visa": data.get("visa") or "",
            "lab": data.get("lab") or "",
            "institutions": "\n".join(data.get("institutions") or []),
            "purposes": list(data.get("purposes") or []),
            "appointment": bool(data.get("appointment")),
        }
        names = [choices.name_of(code) for code in visitor.get("citizenships") or []]
        values["visitor.citizenships"] = (names + [""] * CITIZENSHIP_ROWS)[:CITIZENSHIP_ROWS]
        affiliations = visitor.get("affiliations") or []
        for i in range(AFFILIATION_ROWS):
            found = affiliations[i] if i < len(affiliations) else {}
            prefix = f"visitor.affiliations[{i}]"
            values[f"{prefix}.institution"] = found.get("institution", "")
            values[f"{prefix}.country"] = choices.name_of(found["country"]) if found.get("country") else ""
            values[f"{prefix}.current"] = bool(found.get("current"))
        for name, _ in ACCESS:
            values[f"access.{name}"] = bool((data.get("access") or {}).get(name))
        for name, _ in PAYMENTS:
            values[f"payments.{name}"] = bool((data.get("payments") or {}).get(name))
        return cls(values)

    @classmethod
    def read(
        cls, form: FormData, choices: CountryChoices, *, window: DateWindow, today: date
    ) -> VisitSubmission:
        """Read the posted form; never raises on bad input."""
        values = _typed(form)
        data, rows = _visit_data(values, choices)
        try:
            visit = parse_visit(data)
        except InvalidVisit as invalid:
            return cls(values, None, [_on_form(e, rows) for e in invalid.errors])
        outside = window.problems([("arrive", visit.arrive), ("depart", visit.depart)], today)
        if outside:
            return cls(values, None, [FieldError(f, m) for f, m in outside.items()])
        return cls(values, visit)


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value[:MAX_TEXT].strip() if isinstance(value, str) else ""


def _typed(form: FormData) -> dict[str, Any]:
    names = ["host.name", "host.email", "visitor.name", "visitor.email", "arrive", "depart", "visa", "lab",
             "institutions"]  # fmt: skip
    values: dict[str, Any] = {name: _text(form, name) for name in names}
    citizenships = [v[:MAX_TEXT].strip() for v in form.getlist("visitor.citizenships") if isinstance(v, str)]
    values["visitor.citizenships"] = (citizenships + [""] * CITIZENSHIP_ROWS)[:CITIZENSHIP_ROWS]
    for i in range(AFFILIATION_ROWS):
        prefix = f"visitor.affiliations[{i}]"
        values[f"{prefix}.institution"] = _text(form, f"{prefix}.institution")
        values[f"{prefix}.country"] = _text(form, f"{prefix}.country")
        values[f"{prefix}.current"] = bool(form.get(f"{prefix}.current"))
    values["purposes"] = [p for p in form.getlist("purposes") if isinstance(p, str)][:10]
    flags = ["appointment", "visitor.us_permanent_resident"]
    for name in flags + [f"access.{a}" for a, _ in ACCESS] + [f"payments.{p}" for p, _ in PAYMENTS]:
        values[name] = bool(form.get(name))
    return values


def _visit_data(values: dict[str, Any], choices: CountryChoices) -> tuple[dict[str, Any], list[int]]:
    """The visit format from the typed values, and for each affiliation kept, its form row."""
    rows = [i for i in range(AFFILIATION_ROWS) if values[f"visitor.affiliations[{i}].institution"]
            or values[f"visitor.affiliations[{i}].country"]]  # fmt: skip
    affiliations = [
        {
            "institution": values[f"visitor.affiliations[{i}].institution"],
            "country": choices.code_for(values[f"visitor.affiliations[{i}].country"]),
            "current": values[f"visitor.affiliations[{i}].current"],
        }
        for i in rows
    ]
    visitor = {
        "name": values["visitor.name"],
        "email": values["visitor.email"] or None,
        "citizenships": [choices.code_for(c) for c in values["visitor.citizenships"] if c],
        "us_permanent_resident": values["visitor.us_permanent_resident"],
        "affiliations": affiliations,
    }
    data: dict[str, Any] = {
        "host": {"name": values["host.name"], "email": values["host.email"]},
        "visitor": visitor,
        "arrive": values["arrive"] or None,
        "depart": values["depart"] or None,
        "purposes": values["purposes"],
        "appointment": values["appointment"],
        "visa": values["visa"] or None,
        "access": {a: values[f"access.{a}"] for a, _ in ACCESS},
        "payments": {p: values[f"payments.{p}"] for p, _ in PAYMENTS},
        "lab": values["lab"] or None,
        "institutions": [line.strip() for line in values["institutions"].splitlines() if line.strip()],
    }
    return data, rows


def _on_form(error: FieldError, rows: list[int]) -> FieldError:
    """The error under the form field it concerns: a kept affiliation's row, one citizenship field."""
    name = error.field
    match = _AFFILIATION_FIELD.match(name)
    if match and int(match[1]) < len(rows):
        name = f"visitor.affiliations[{rows[int(match[1])]}]" + name[match.end() :]
    elif name.startswith("visitor.citizenships"):
        name = "visitor.citizenships"
    elif name.startswith("purposes"):
        name = "purposes"
    elif name.startswith("institutions"):
        name = "institutions"
    if name in ("arrive", "depart") and "Input should be a valid date" in error.message:
        return FieldError(name, "Enter a date as YYYY-MM-DD.")
    return FieldError(name, error.message)
