"""The fixed vocabulary of trip facts that rule conditions may name.

Each fact knows how to read its value from the trip (or from one leg) and how to say, in
plain words, why it matters. Leg facts speak about the place ("China is on the institute's
elevated-risk list"); the generator prefixes the leg ("Leg 1: Shanghai, China — ...").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.itinerary import Activities, DataKind, Device, Purpose, Role, VisaStatus

Scope = Literal["trip", "leg"]
Kind = Literal["flag", "number", "set", "choice"]
Reader = Callable[[TripContext, LegContext], Any]
Sayer = Callable[[TripContext, LegContext, Any], list[str]]


@dataclass(frozen=True)
class FactDef:
    """One nameable fact: where it lives, what kind of value it has, how it explains itself."""

    name: str
    scope: Scope
    kind: Kind
    read: Reader
    say: Sayer  # reasons when the fact counts towards firing an item
    say_not: Sayer | None = None  # reasons when its negation counts
    choices: frozenset[str] = frozenset()
    # A hashable summary of what the value and wording depend on, when that is more than the
    # default: the value itself for trip facts, the place and the traveler's passports for leg
    # facts. Memoized rule outcomes trust it (see rule_outcomes.py), so a fact that reads
    # anything else must say so here.
    key: Reader | None = None


def _words(values: Any) -> str:
    items = [str(v).replace("_", " ") for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _place(leg: LegContext) -> str:
    return leg.place.name


def _advisory(trip: TripContext, leg: LegContext, level: Any) -> list[str]:
    return [f"State Department travel advisory Level {level} for {leg.place.country_name}"]


def _visa(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    advice = leg.visa
    place = _in_sentence(leg.place.country_name)
    if advice.requirement is None:
        passports = trip.itinerary.traveler.citizenships
        which = f"{_words(passports)} passport" + ("s need" if len(passports) > 1 else " needs")
        return [f"check whether your {which} a visa for {place}"]
    many = len(advice.passports_considered) > 1
    using = f"with your {advice.passport} passport" + (
        f" (the most favourable of {_words(advice.passports_considered)})" if many else ""
    )
    requirement = advice.requirement
    if requirement.kind == "no_admission":
        return [f"{place} does not admit travellers {using}"]
    stay = _stay_days(trip, leg)
    if advice.outstays(stay):
        return [
            f"{requirement.wording} in {place} {using}, but you may stay up to {stay} days: "
            f"check the rules for a longer stay"
        ]
    return [f"{requirement.wording} for {place} {using}"]


# Country names that read with "the" inside a sentence ("a visa for the United Kingdom").
_NAMES_WITH_THE = frozenset(
    {
        "Bahamas",
        "Central African Republic",
        "Comoros",
        "Czech Republic",
        "Dominican Republic",
        "Gambia",
        "Maldives",
        "Marshall Islands",
        "Netherlands",
        "Palestinian Territories",
        "Philippines",
        "Seychelles",
        "Solomon Islands",
        "United Arab Emirates",
        "United Kingdom",
        "United States",
        "Democratic Republic of the Congo",
        "Republic of the Congo",
    }
)


def _in_sentence(name: str) -> str:
    return f"the {name}" if name in _NAMES_WITH_THE else name


def _stay_days(trip: TripContext, leg: LegContext) -> int:
    """Days in the country, arrival and departure included; the whole trip if the leg has no dates."""
    if leg.leg.arrive and leg.leg.depart:
        return (leg.leg.depart - leg.leg.arrive).days + 1
    return (trip.itinerary.return_ - trip.itinerary.departure).days + 1


def _screening_hits(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [
        f"'{result.query}' resembles '{match.name}' on the {match.list} (score {match.score:.2f})"
        for result in trip.screening
        for match in result.hits
    ]


def _sanctions(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    programs = [f.value.program for f in leg.place.sanctions if f.value.comprehensive]
    return [f"{leg.place.name} is under a comprehensive US embargo ({'; '.join(programs)})"]


def _notes(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [f"{leg.place.name}: {f.note.rstrip('.')}" for f in leg.place.notes]


def _visa_status(trip: TripContext) -> str | None:
    status = trip.itinerary.traveler.visa_status
    return status.value if status else None


def _activity(name: str, phrase: str) -> FactDef:
    return FactDef(
        f"activities.{name}",
        "trip",
        "flag",
        lambda t, lg: getattr(t.itinerary.activities, name),
        lambda t, lg, v: [phrase],
    )


def _flag(
    name: str,
    read: Reader,
    phrase: Callable[[LegContext], str],
    negated: Callable[[LegContext], str] | None = None,
) -> FactDef:
    return FactDef(
        name,
        "leg",
        "flag",
        read,
        lambda t, lg, v: [phrase(lg)],
        (lambda t, lg, v: [negated(lg)]) if negated else None,
    )


_VPN_WORDING = {
    "banned": "bans VPNs",
    "state_approved_only": "allows only state-approved VPNs",
    "restricted": "restricts VPNs",
}

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

FACTS: dict[str, FactDef] = {
    f.name: f
    for f in [
        *(_activity(name, phrase) for name, phrase in _ACTIVITY_PHRASES.items()),
        _flag(
            "destination.elevated_risk",
            lambda t, lg: lg.place.elevated_risk is not None,
            lambda lg: f"{lg.place.name} is on the institute's elevated-risk list",
        ),
        FactDef("destination.sanctioned", "leg", "flag", lambda t, lg: lg.place.sanctioned, _sanctions),
        _flag(
            "destination.embargoed",
            lambda t, lg: lg.place.embargoed,
            lambda lg: f"{lg.place.name} is under a US embargo or in EAR Country Group E",
            lambda lg: f"{lg.place.name} is not under a US embargo, so the exceptions can apply",
        ),
        _flag(
            "destination.encryption_restricted",
            lambda t, lg: lg.place.encryption_restricted,
            lambda lg: f"{lg.place.name} restricts bringing in encryption ({lg.place.encryption.value})",
        ),
        _flag(
            "destination.vpn_restricted",
            lambda t, lg: lg.place.vpn_restricted,
            lambda lg: f"{lg.place.name} {_VPN_WORDING[lg.place.vpn.value]}",
        ),
        # Names the leg without a sentence of its own: "Leg 1: Shanghai, China".
        _flag("destination.foreign", lambda t, lg: lg.place.country != "US", lambda lg: ""),
        FactDef("destination.travel_notes", "leg", "flag", lambda t, lg: bool(lg.place.notes), _notes),
        FactDef(
            "destination.advisory_level", "leg", "number", lambda t, lg: lg.place.advisory_level, _advisory
        ),
        FactDef(
            "destination.ear_groups",
            "leg",
            "set",
            lambda t, lg: lg.place.group_codes,
            lambda t, lg, v: [f"{lg.place.name} is in EAR Country Group {_words(v)}"],
            choices=frozenset({"A:1", "A:5", "A:6", "B", "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2"}),
        ),
        FactDef(
            "destination.country",
            "leg",
            "choice",
            lambda t, lg: lg.place.country,
            lambda t, lg, v: [f"you are going to {lg.place.name}"],
        ),
        FactDef(
            "destination.visa_may_be_required",
            "leg",
            "flag",
            lambda t, lg: lg.visa.may_need_document_for(_stay_days(t, lg)),
            _visa,
            key=lambda t, lg: (
                tuple(t.itinerary.traveler.citizenships),
                lg.visa.passport,
                lg.visa.requirement,
                _stay_days(t, lg),
            ),
        ),  # the wording depends on the passports, the requirement and the length of the stay
        FactDef(
            "traveler.role",
            "trip",
            "choice",
            lambda t, lg: t.itinerary.traveler.role.value,
            lambda t, lg, v: [f"you are travelling as a {v}"],
            choices=frozenset(Role),
        ),
        FactDef(
            "traveler.citizenships",
            "trip",
            "set",
            lambda t, lg: tuple(t.itinerary.traveler.citizenships),
            lambda t, lg, v: [f"you hold a {_words(v)} passport"],
        ),
        FactDef(
            "traveler.us_citizen",
            "trip",
            "flag",
            lambda t, lg: t.itinerary.traveler.us_citizen,
            lambda t, lg, v: ["you are a US citizen"],
            lambda t, lg, v: ["you are not a US citizen, so re-entering the US needs the right documents"],
        ),
        FactDef(
            "traveler.us_permanent_resident",
            "trip",
            "flag",
            lambda t, lg: t.itinerary.traveler.us_permanent_resident,
            lambda t, lg, v: ["you are a US permanent resident"],
        ),
        FactDef(
            "traveler.visa_status",
            "trip",
            "choice",
            lambda t, lg: _visa_status(t),
            lambda t, lg, v: [f"you are in the US on {v} status"],
            choices=frozenset(VisaStatus),
        ),
        FactDef(
            "carrying.devices",
            "trip",
            "set",
            lambda t, lg: t.devices,
            lambda t, lg, v: [f"you are taking a {_words(v)}"],
            choices=frozenset(Device),
        ),
        FactDef(
            "carrying.data",
            "trip",
            "set",
            lambda t, lg: t.data,
            lambda t, lg, v: [f"you are taking {_words(v)} data"],
            choices=frozenset(DataKind),
        ),
        FactDef(
            "carrying.equipment",
            "trip",
            "flag",
            lambda t, lg: t.itinerary.carrying.equipment,
            lambda t, lg, v: ["you are taking research equipment, samples or materials"],
        ),
        FactDef(
            "purposes",
            "trip",
            "set",
            lambda t, lg: t.purposes,
            lambda t, lg, v: [f"the trip is for {_words(v)}"],
            choices=frozenset(Purpose),
        ),
        FactDef(
            "trip.days_until_departure",
            "trip",
            "number",
            lambda t, lg: t.days_until_departure,
            lambda t, lg, v: [f"you leave in {v} days"],
        ),
        FactDef(
            "institutions.named",
            "trip",
            "flag",
            lambda t, lg: bool(t.itinerary.institutions),
            lambda t, lg, v: [f"you named {len(t.itinerary.institutions)} institution(s) to visit"],
            key=lambda t, lg: len(t.itinerary.institutions),
        ),
        FactDef(
            "screening.hit",
            "trip",
            "flag",
            lambda t, lg: any(r.hits for r in t.screening),
            _screening_hits,
            key=lambda t, lg: tuple(_screening_hits(t, lg, None)),  # the hits, as the reasons name them
        ),
    ]
}
