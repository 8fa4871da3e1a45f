"""What the rules look at: the trip and each of its legs, with the facts already resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from travelprep.countries import DestinationFacts
from travelprep.itinerary import Itinerary, Leg
from travelprep.screening import ScreeningResult
from travelprep.visas import VisaAdvice


@dataclass(frozen=True)
class LegContext:
    """One leg of the trip and the facts of the place it goes to."""

    number: int  # 1-based, as travellers count
    leg: Leg
    place: DestinationFacts
    visa: VisaAdvice

    @property
    def label(self) -> str:
        """'Leg 2: Moscow, Russia', or 'Leg 1: Crimea, Ukraine' without a city."""
        city = self.leg.city
        named = city and city.casefold() != self.place.name.casefold()
        where = f"{city}, {self.place.name}" if named else self.place.name
        return f"Leg {self.number}: {where}"


@dataclass(frozen=True)
class TripContext:
    """The whole trip as the rules see it on a given day."""

    itinerary: Itinerary
    today: date
    legs: tuple[LegContext, ...]
    screening: tuple[ScreeningResult, ...]

    @property
    def days_until_departure(self) -> int:
        return (self.itinerary.departure - self.today).days
