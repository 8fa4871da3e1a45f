"""The fixed vocabulary of trip facts that rule conditions may name.

Each fact knows how to read its value from the trip (or from one leg) and how to say, in
plain words, why it matters (wording.py holds the longer sentences).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from travelprep.engine.context import TripContext
from travelprep.engine.facts.country_files import RiskKind
from travelprep.engine.itinerary import Activities, DataKind, Device, Purpose, Role, VisaStatus
from travelprep.engine.rules import wording
from travelprep.engine.rules.fact_definition import FactDef, Kind, Reader, Sayer, Scope, path_reader, saying


def _fact(
    name: str, kind: Kind, read: Reader | str, say: Sayer | str, choices: Iterable[str] = ()
) -> FactDef:
    """A fact of the trip when its name says so (not `destination.`), else of each leg; read
    by a function, or as an attribute path ("leg.place.sanctioned")."""
    scope: Scope = "leg" if name.startswith("destination.") else "trip"
    path = read if isinstance(read, str) else None
    return FactDef(
        name,
        scope,
        kind,
        path_reader(read) if isinstance(read, str) else read,
        saying(say) if isinstance(say, str) else say,
        None,
        frozenset(choices),
        path=path,
    )


def _negated(fact: FactDef, say_not: Sayer | str) -> FactDef:
    """The fact, also explaining its negation."""
    return replace(fact, say_not=saying(say_not) if isinstance(say_not, str) else say_not)


def _embargoed_and_open_legs(trip: TripContext) -> bool:
    """One leg under a comprehensive embargo, another abroad where TMP/BAG can apply."""
    legs = trip.legs
    return any(lg.place.sanctioned for lg in legs) and any(
        lg.place.country != "US" and not lg.place.embargoed for lg in legs
    )


def _visa_status(trip: TripContext) -> str | None:
    status = trip.itinerary.traveler.visa_status
    return status.value if status else None


_VPN_WORDING = {
    "banned": "bans VPNs",
    "state_approved_only": "allows only state-approved VPNs",
    "restricted": "restricts VPNs",
}

_ENCRYPTION_WORDING = {
    "ban": "bans bringing in encryption products",
    "license": "needs an import license for some encryption products",
}


def _verify(fact: Any) -> str:
    """A low-confidence fact says so where it is given as a reason."""
    return " (old or secondary source: verify)" if fact.confidence == "low" else ""


_ACTIVITY_PHRASES = {
    "formal_collaboration": (
        "you plan a formal collaboration (an agreement, contract or funded project) "
        "with a foreign organization"
    ),
    "informal_collaboration": "you plan informal collaboration with colleagues abroad",
    "foreign_compensation": "a foreign organization pays you or pays for your travel",
    "talent_program": "you were invited to or take part in a foreign talent-recruitment program",
    "recruitment_role": "you would organize a program that channels graduates to jobs abroad",
    "paid_recommendation": "you were asked to write letters of recommendation as part of paid teaching",
    "presenting": "you will give a talk or a poster",
}
assert set(_ACTIVITY_PHRASES) == set(Activities.model_fields)


def _activity(name: str) -> str:
    return f"trip.itinerary.activities.{name}"


_EAR_GROUPS = {"A:1", "A:5", "A:6", "B", "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2"}

_PLACE_FACTS = [  # facts of the place alone, whoever goes there and for how long
    _fact(
        "destination.elevated_risk",
        "flag",
        lambda t, lg: lg.place.elevated_risk is not None,
        "{place} is on the institute's elevated-risk list",
    ),
    _fact("destination.sanctioned", "flag", "leg.place.sanctioned", wording.sanctions),
    _negated(
        _fact(
            "destination.embargoed",
            "flag",
            "leg.place.embargoed",
            "{place} is under a US embargo or in EAR Country Group E",
        ),
        wording.not_embargoed,
    ),
    _fact("destination.embargo_terms", "flag", "leg.place.sanctioned", wording.embargo_terms),
    _fact(
        "destination.license_exceptions_restricted",
        "flag",
        "leg.place.license_exceptions_restricted",
        lambda t, lg, v: wording.risks(t, lg, ("license_exceptions_restricted",)),
    ),
    _fact("destination.risks", "set", "leg.place.risk_kinds", wording.risks, RiskKind.__args__),
    _fact(
        "destination.encryption_restricted",
        "flag",
        "leg.place.encryption_restricted",
        lambda t, lg, v: [
            f"{lg.place.name} {_ENCRYPTION_WORDING[lg.place.encryption.value]}{_verify(lg.place.encryption)}"
        ],
    ),
    _fact(
        "destination.vpn_restricted",
        "flag",
        "leg.place.vpn_restricted",
        lambda t, lg, v: [f"{lg.place.name} {_VPN_WORDING[lg.place.vpn.value]}{_verify(lg.place.vpn)}"],
    ),
    # Names the leg without a sentence of its own: "Leg 1: Shanghai, China".
    _fact("destination.foreign", "flag", lambda t, lg: lg.place.country != "US", ""),
    _fact("destination.travel_notes", "flag", lambda t, lg: bool(lg.place.notes), wording.notes),
    _fact("destination.advisory_level", "number", "leg.place.advisory_level", wording.advisory),
    _fact(
        "destination.ear_groups",
        "set",
        "leg.place.group_codes",
        "{place} is in EAR Country Group {values}",
        _EAR_GROUPS,
    ),
    _fact("destination.country", "choice", "leg.place.country", "you are going to {place}"),
]

_OTHER_FACTS = [  # of the trip, and the visa of each leg
    _fact(
        "destination.traveler_is_national",
        "flag",
        lambda t, lg: lg.place.country in t.itinerary.traveler.citizenships,
        lambda t, lg, v: [f"you hold a passport of {wording.in_sentence(lg.place.country_name)}"],
    ),
    _fact(
        "trip.embargoed_and_open_legs",
        "flag",
        lambda t, lg: _embargoed_and_open_legs(t),
        wording.embargoed_and_open_legs,
    ),
    _fact(
        "destination.visa_may_be_required",
        "flag",
        # The stay's length matters only where no document is needed anyway: worked out last.
        lambda t, lg: lg.visa.may_need_document or lg.visa.outstays(wording.stay_days(t, lg)),
        wording.visa,
    ),
    _fact(  # from an imported visa table; without one, no requirement is known
        "destination.visa_requirement_known",
        "flag",
        lambda t, lg: lg.visa.requirement is not None,
        "the visa requirement for {place} is known",
    ),
    *(
        _fact(f"activities.{name}", "flag", _activity(name), phrase)
        for name, phrase in _ACTIVITY_PHRASES.items()
    ),
    _fact(
        "traveler.role",
        "choice",
        lambda t, lg: t.itinerary.traveler.role.value,
        "you are travelling as a {value}",
        Role,
    ),
    _fact(
        "traveler.citizenships",
        "set",
        lambda t, lg: tuple(t.itinerary.traveler.citizenships),
        "you hold a {values} passport",
    ),
    _negated(
        _fact(
            "traveler.us_citizen",
            "flag",
            "trip.itinerary.traveler.us_citizen",
            "you are a US citizen",
        ),
        "you are not a US citizen, so re-entering the US needs the right documents",
    ),
    _fact(
        "traveler.us_permanent_resident",
        "flag",
        "trip.itinerary.traveler.us_permanent_resident",
        "you are a US permanent resident",
    ),
    _fact(
        "traveler.visa_status",
        "choice",
        lambda t, lg: _visa_status(t),
        "you are in the US on {value} status",
        VisaStatus,
    ),
    _fact("carrying.devices", "set", "trip.devices", wording.devices, Device),
    _fact("carrying.data", "set", "trip.data", wording.data_kinds, DataKind),
    _fact(
        "carrying.equipment",
        "flag",
        "trip.itinerary.carrying.equipment",
        "you are taking research equipment, samples or materials",
    ),
    _fact("purposes", "set", "trip.purposes", "the trip's purpose: {values}", Purpose),
    _fact(
        "trip.days_until_departure",
        "number",
        "trip.days_until_departure",
        "you leave in {value} days",
    ),
    _fact(  # the departure day has passed: the trip is under way or over
        "trip.under_way",
        "flag",
        lambda t, lg: t.days_until_departure < 0,
        "your trip has already begun",
    ),
    _fact("institutions.named", "flag", lambda t, lg: bool(t.itinerary.institutions), wording.institutions),
    _fact("screening.hit", "flag", lambda t, lg: any(r.hits for r in t.screening), wording.screening_hits),
    _fact(  # a name on the trip is a talent program a list names (the DoD Section 1286 list)
        "screening.talent_program",
        "flag",
        lambda t, lg: bool(wording.talent_programs_named(t)),
        wording.talent_programs,
    ),
]

FACTS: dict[str, FactDef] = {f.name: f for f in [*_PLACE_FACTS, *_OTHER_FACTS]}
# What the policy's loaner trigger may use: it decides per place, so not the visa, which
# depends on passports and the length of the stay.
PLACE_FACTS: dict[str, FactDef] = {f.name: f for f in _PLACE_FACTS}
