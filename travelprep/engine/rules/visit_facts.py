"""The vocabulary of visit facts that the conditions of visit items (checklists/items/visits/) name.

`origin.*` facts are facts of one place the visitor comes from (a citizenship or an
affiliation), like `destination.*` facts of a trip's leg; the others are facts of the visit.
Reasons speak to the host ("the visitor holds an appointment"), never to a traveller.
"""

from __future__ import annotations

from typing import Any

from travelprep.engine import geography
from travelprep.engine.rules import wording
from travelprep.engine.rules.fact_definition import FactDef, Kind, Reader, Sayer, Scope
from travelprep.engine.visit import VisaKind, VisitPurpose
from travelprep.engine.visit_context import ORIGIN_KINDS, OriginContext, VisitContext

# The ids the visit contract promises (README): `travelprep rules check` fails if one is missing.
VISIT_ITEM_IDS = frozenset(
    {
        "iic-visitor-advice",
        "visitor-appointment-review",
        "visitor-restricted-party-match",
        "deemed-export-review",
        "visitor-invitation-letter",
        "visitor-access",
        "visitor-payment-disclosure",
        "visitor-sanctioned-affiliation",
    }
)

# The lists whose entities universities refuse J-1 sponsorship for, since 2026 (FACTS.md).
DOD_LISTS = ("1286", "1260H")


def _saying(template: str) -> Sayer:
    listed = "{values}" in template

    def say(visit: Any, origin: Any, value: Any) -> list[str]:
        values = wording.words(value) if listed else ""
        return [template.format(place=origin.place.name, value=value, values=values)]

    return say


def _fact(name: str, kind: Kind, read: Reader, say: Sayer | str, choices: Any = ()) -> FactDef:
    scope: Scope = "leg" if name.startswith("origin.") else "trip"
    said = _saying(say) if isinstance(say, str) else say
    return FactDef(name, scope, kind, read, said, None, frozenset(choices))


def _visa(visit: VisitContext, _: OriginContext) -> str | None:
    kind = visit.visit.visa
    return kind.value if kind else None


def _visa_required(visit: VisitContext, _: OriginContext) -> bool:
    """The imported visa table says every passport of the visitor needs a visa for the US."""
    requirement = visit.us_visa.requirement
    return requirement is not None and requirement.kind == "visa_required"


def _say_visa_required(visit: VisitContext, _: OriginContext, __: Any) -> list[str]:
    passports = wording.words(geography.country_name(c) for c in visit.visit.visitor.citizenships)
    return [f"a citizen of {passports} needs a visa for the United States"]


def _dod_hits(visit: VisitContext) -> list[tuple[str, str]]:
    """(query, listed name) of every hit on the DoD 1286 or 1260H list, directly or as `also_on`."""
    return [
        (result.query, match.name)
        for result in visit.screening
        for match in result.hits
        if any(code in text for code in DOD_LISTS for text in (match.list, *match.also_on))
    ]


def _say_dod_hits(visit: VisitContext, _: OriginContext, __: Any) -> list[str]:
    return [
        f"'{query}' resembles '{name}', on the DoD Section 1286 or 1260H list: the institute does "
        "not invite J-1 exchange visitors affiliated with those entities"
        for query, name in _dod_hits(visit)
    ]


def _screening_hits(visit: VisitContext, origin: OriginContext, _: Any) -> list[str]:
    return wording.screening_hits(visit, origin, None)  # type: ignore[arg-type]  # same `screening` shape


def _access(name: str, phrase: str) -> FactDef:
    return _fact(f"access.{name}", "flag", lambda v, o: getattr(v.visit.access, name), phrase)


VISIT_FACTS: dict[str, FactDef] = {
    f.name: f
    for f in [
        _fact(
            "origin.elevated_risk",
            "flag",
            lambda v, o: o.place.elevated_risk is not None,
            "{place} is on the institute's elevated-risk list",
        ),
        _fact("origin.sanctioned", "flag", lambda v, o: o.place.sanctioned, wording.sanctions),
        _fact(
            "origin.deemed_export_country",
            "flag",
            lambda v, o: o.kind == "citizenship" and o.place.country != "US",
            "the visitor is a citizen of {place}: releasing controlled technology to them in the US is a "
            "deemed export to their most recent country of citizenship or permanent residence "
            "(15 CFR 734.13(b))",
        ),
        _fact("origin.kind", "choice", lambda v, o: o.kind, "", ORIGIN_KINDS),
        _fact(
            "origin.ear_groups",
            "set",
            lambda v, o: o.place.group_codes,
            "{place} is in EAR Country Group {values}",
        ),
        _fact(
            "visit.appointment",
            "flag",
            lambda v, o: v.visit.holds_appointment,
            "the visitor will hold an institute appointment (visiting scholar or student)",
        ),
        _fact(
            "visit.short_term",
            "flag",
            lambda v, o: not v.visit.holds_appointment,
            "the visitor comes for a short visit, without an institute appointment",
        ),
        _fact(
            "visit.purposes", "set", lambda v, o: v.purposes, "the visit's purpose: {values}", VisitPurpose
        ),
        _fact("visit.visa", "choice", _visa, "the visitor comes on a {value} visa", VisaKind),
        _fact("visitor.visa_required", "flag", _visa_required, _say_visa_required),
        # Explained by the visitor's citizenships (`origin.deemed_export_country`), not again here.
        _fact("visitor.foreign", "flag", lambda v, o: v.visit.visitor.foreign_person, lambda v, o, _: []),
        _access("labs", "the visitor will have access to labs"),
        _access(
            "export_controlled",
            "the visitor will have access to export-controlled technology, equipment or data",
        ),
        _access("cui", "the visitor will have access to Controlled Unclassified Information (CUI)"),
        _access("proprietary", "the visitor will have access to proprietary (sponsor-owned) information"),
        _fact(
            "payments.host_pays_visitor",
            "flag",
            lambda v, o: v.visit.payments.host_pays_visitor,
            "you (the host) will pay the visitor: an honorarium, a stipend or expenses",
        ),
        _fact(
            "payments.visitor_institution_pays_host",
            "flag",
            lambda v, o: v.visit.payments.visitor_institution_pays_host,
            "the visitor's institution pays you (the host) or your travel",
        ),
        _fact("screening.hit", "flag", lambda v, o: any(r.hits for r in v.screening), _screening_hits),
        _fact("screening.dod_list_hit", "flag", lambda v, o: bool(_dod_hits(v)), _say_dod_hits),
        _fact(
            "visit.days_until_arrival",
            "number",
            lambda v, o: v.days_until_arrival,
            "the visitor arrives in {value} days",
        ),
    ]
}
