"""What the rules look at: the trip and each of its legs, with the facts already resolved.

Made afresh for every checklist and only read after: not frozen, because a frozen dataclass
sets each field through object.__setattr__, which cost more than the rest of the contexts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from travelprep.engine.facts.places import DestinationFacts
from travelprep.engine.facts.visas import VisaAdvice
from travelprep.engine.geography import region_name
from travelprep.engine.itinerary import Itinerary, Leg
from travelprep.screening import ScreeningResult


@dataclass(slots=True)
class LegContext:
    """One leg of the trip and the facts of the place it goes to."""

    number: int  # 1-based, as travellers count
    leg: Leg
    place: DestinationFacts
    visa: VisaAdvice
    label: str = ""  # 'Leg 2: Moscow, Russia', or 'Leg 1: Crimea, Ukraine' without a city

    @classmethod
    def build(cls, number: int, leg: Leg, place: DestinationFacts, visa: VisaAdvice) -> LegContext:
        city = leg.city
        where = place.name
        if city:  # 'Sevastopol, Ukraine', not 'Sevastopol, Sevastopol, Ukraine'
            said = city.casefold()
            if said != where.casefold() and not (
                place.region and said == region_name(place.region).casefold()
            ):
                where = f"{city}, {where}"
        return cls(number, leg, place, visa, f"Leg {number}: {where}")


@dataclass(slots=True)
class TripContext:
    """The whole trip as the rules see it on a given day, with its facts read once."""

    itinerary: Itinerary
    today: date
    legs: tuple[LegContext, ...]
    screening: tuple[ScreeningResult, ...]
    departure: date
    return_: date
    days_until_departure: int = 0
    devices: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    # True when `devices` are assumed (laptop and phone) because the traveler has not said.
    devices_assumed: bool = False

    @classmethod
    def build(
        cls,
        itinerary: Itinerary,
        today: date,
        legs: tuple[LegContext, ...],
        screening: tuple[ScreeningResult, ...],
    ) -> TripContext:
        carrying = itinerary.carrying
        return cls(
            itinerary,
            today,
            legs,
            screening,
            itinerary.departure,
            itinerary.return_,
            (itinerary.departure - today).days,
            # StrEnum members read as their values: str() is that, without enum's Python-level `.value`.
            tuple(map(str, carrying.devices or ())),
            tuple(map(str, carrying.data)),
            tuple(map(str, itinerary.purposes)),
        )
