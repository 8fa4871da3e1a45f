"""How facts explain themselves in words: lists of values, visa sentences, places and hits.

Leg facts speak about the place ("China is on the institute's elevated-risk list"); the
checklist prefixes the leg ("Leg 1: Shanghai, China — ...").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from travelprep.engine.context import LegContext, TripContext
from travelprep.screening.entities import TALENT_PROGRAM


def words(values: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c', with underscores read as spaces.

    The values are text (a StrEnum's members join as their values); a tuple or list is read
    as it is, without a copy.
    """
    items = values if type(values) is tuple or type(values) is list else list(values)
    last = items[-1]
    text = last if len(items) == 1 else ", ".join(items[:-1]) + " and " + last
    return text.replace("_", " ")  # a str, also of a StrEnum member


# The State Department's own labels: Level 4 must never read like Level 2.
ADVISORY_LABELS = {
    1: "Exercise Normal Precautions",
    2: "Exercise Increased Caution",
    3: "Reconsider Travel",
    4: "Do Not Travel",
}


def advisory(trip: TripContext, leg: LegContext, level: Any) -> list[str]:
    label = ADVISORY_LABELS.get(level, "")
    return [f"State Department travel advisory Level {level} for {leg.place.advisory_place}: {label}"]


def visa(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    advice = leg.visa
    place = in_sentence(leg.place.country_name)
    if advice.requirement is None:
        passports = advice.passports_considered
        need = "passports need" if len(passports) > 1 else "passport needs"
        return [f"whether your {words(passports)} {need} a visa for {place} is not known here: check it"]
    many = len(advice.passports_considered) > 1
    using = f"with your {advice.passport} passport" + (
        f" (the most favourable of {words(advice.passports_considered)})" if many else ""
    )
    requirement = advice.requirement
    if requirement.kind == "no_admission":
        return [f"{place} does not admit travellers {using}"]
    stay = stay_days(trip, leg)
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


def in_sentence(name: str) -> str:
    return f"the {name}" if name in _NAMES_WITH_THE else name


def stay_days(trip: TripContext, leg: LegContext) -> int:
    """Days in the country, arrival and departure included; the whole trip if the leg has no dates."""
    if leg.leg.arrive and leg.leg.depart:
        return (leg.leg.depart - leg.leg.arrive).days + 1
    return (trip.itinerary.return_ - trip.itinerary.departure).days + 1


def talent_programs_named(trip: TripContext) -> list[tuple[str, Any]]:
    """The (name as given, match) of each hit that is a foreign talent-recruitment program."""
    return [(r.query, m) for r in trip.screening for m in r.hits if m.group == TALENT_PROGRAM]


def talent_programs(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    """Which program the name is: its listed name, and the list that names it with its date."""
    return [
        f"you named {_as_named(query, match.name)} a foreign talent-recruitment program that the "
        f"{match.list} names (list as of {match.as_of})"
        for query, match in talent_programs_named(trip)
    ]


def _as_named(query: str, listed: str) -> str:
    same = " ".join(query.casefold().split()) == listed.casefold()
    return f"the {listed}," if same else f"'{query}': the {listed},"


def screening_hits(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [
        f"'{result.query}' resembles '{match.name}' on the {match.list} (score {match.score:.2f})"
        for result in trip.screening
        for match in result.hits
    ]


def sanctions(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    found = [f.value for f in leg.place.sanctions if f.value.comprehensive]
    programs = "; ".join(s.program for s in found)
    if any(s.partial for s in found):
        return [
            f"part of {leg.place.name} is under a comprehensive US embargo ({programs}): "
            "confirm where you will be"
        ]
    return [f"{leg.place.name} is under a comprehensive US embargo ({programs})"]


def embargo_terms(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    """What each comprehensive program allows and forbids, from its note."""
    return [sourced_note(f) for f in leg.place.sanctions if f.value.comprehensive and f.note]


def not_embargoed(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    """Why TMP/BAG can (or can only partly) be the basis for devices at a place not embargoed."""
    place = leg.place
    if place.license_exceptions_restricted:
        return [
            f"{place.name} is not under a US embargo, but the EAR restrict license exceptions there: "
            + "; ".join(sourced_note(f) for f in place.risks_of({"license_exceptions_restricted"}))
        ]
    return [f"{place.name} is not under a US embargo, so the exceptions can apply"]


_DATA_NAMES = {
    "public": "public data",
    "export_controlled": "export-controlled data",
    "itar": "ITAR data",
    "cui": "Controlled Unclassified Information (CUI)",
    "personal_data": "personal data",
    "human_subjects": "human-subjects data",
    "proprietary": "proprietary data",
}


def devices(trip: TripContext, leg: LegContext, kinds: Any) -> list[str]:
    """The devices that count; when none were named, said as a condition, never as a fact."""
    if trip.devices_assumed:
        return [
            f"you have not said what you are taking: this applies if you take a {' or a '.join(kinds)}"
            ' (answer "What you are taking" to confirm)'
        ]
    return [f"you are taking a {words(kinds)}"]


def data_kinds(trip: TripContext, leg: LegContext, kinds: Any) -> list[str]:
    return [f"you are taking {words(_DATA_NAMES.get(k, k) for k in kinds)}"]


UNCONFIRMED = " (not confirmed from the primary source: ask this item's contact to confirm)"


def sourced_note(fact: Any) -> str:
    """A fact's note as a reason; weakly sourced facts say the traveller should have them confirmed."""
    return fact.note.rstrip(".") + (UNCONFIRMED if fact.confidence == "low" else "")


def risks(trip: TripContext, leg: LegContext, kinds: Any) -> list[str]:
    """The notes of the place's risks of the kinds that hold."""
    return [sourced_note(f) for f in leg.place.risks_of(set(kinds))]


def embargoed_and_open_legs(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    embargoed = [lg.place.name for lg in trip.legs if lg.place.sanctioned]
    open_ = [lg.place.name for lg in trip.legs if lg.place.country != "US" and not lg.place.embargoed]
    return [
        f"your trip combines {words(dict.fromkeys(open_))}, where TMP or BAG can cover your devices, "
        f"with {words(dict.fromkeys(embargoed))}, under a US embargo, where they do not"
    ]


def notes(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [f"{leg.place.name}: {f.note.rstrip('.')}" for f in leg.place.notes]


def institutions(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [f"you named {len(trip.itinerary.institutions)} institution(s) to visit"]
