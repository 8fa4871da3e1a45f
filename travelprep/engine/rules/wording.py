"""How facts explain themselves in words: lists of values, visa sentences, places and hits.

Leg facts speak about the place ("China is on the institute's elevated-risk list"); the
checklist prefixes the leg ("Leg 1: Shanghai, China — ...").
"""

from __future__ import annotations

from typing import Any

from travelprep.engine.context import LegContext, TripContext


def words(values: Any) -> str:
    """'a', 'a and b', 'a, b and c', with underscores read as spaces."""
    items = [str(v).replace("_", " ") for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def advisory(trip: TripContext, leg: LegContext, level: Any) -> list[str]:
    return [f"State Department travel advisory Level {level} for {leg.place.country_name}"]


def visa(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    advice = leg.visa
    place = in_sentence(leg.place.country_name)
    if advice.requirement is None:
        passports = trip.itinerary.traveler.citizenships
        which = f"{words(passports)} passport" + ("s need" if len(passports) > 1 else " needs")
        return [f"whether your {which} a visa for {place} is not known here: check it"]
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


def screening_hits(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [
        f"'{result.query}' resembles '{match.name}' on the {match.list} (score {match.score:.2f})"
        for result in trip.screening
        for match in result.hits
    ]


def sanctions(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    programs = [f.value.program for f in leg.place.sanctions if f.value.comprehensive]
    return [f"{leg.place.name} is under a comprehensive US embargo ({'; '.join(programs)})"]


def notes(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [f"{leg.place.name}: {f.note.rstrip('.')}" for f in leg.place.notes]


def institutions(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
    return [f"you named {len(trip.itinerary.institutions)} institution(s) to visit"]
