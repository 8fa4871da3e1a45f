"""Facts about the traveller that need data loaded with the rulebook: the policy, the country book.

- `traveler.security_training_covered`: the policy's foreign-travel security training names
  the traveller's role; `policy.security_training_required`: the policy makes it required.
- `traveler.us_entry_restricted`: a passport the traveller holds is under a US entry
  proclamation that covers their kind of visa, and neither US citizenship nor permanent
  residence exempts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from travelprep.engine import geography
from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.rules.fact_definition import FactDef
from travelprep.engine.rules.wording import sourced_note

if TYPE_CHECKING:
    from travelprep.engine.facts.countries import CountryBook
    from travelprep.engine.facts.places import Fact
    from travelprep.engine.facts.policy import Policy


def policy_facts(policy: Policy) -> dict[str, FactDef]:
    """Facts from the policy's foreign-travel security training section (false without one)."""
    training = policy.security_training
    roles = frozenset(training.roles) if training else frozenset()
    required = bool(training and training.priority == "required")

    def covered(trip: TripContext, leg: LegContext) -> bool:
        return trip.itinerary.traveler.role.value in roles

    def say_covered(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
        assert training
        role = trip.itinerary.traveler.role.value
        unconfirmed = " (the policy's source is to be confirmed)" if training.confidence == "low" else ""
        return [
            f"the institute's policy asks {role} travellers to take foreign-travel security "
            f"training at least once every {training.every_years} years{unconfirmed}"
        ]

    def say_required(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
        return ["the institute's policy makes this training required"]

    return {
        "traveler.security_training_covered": FactDef(
            "traveler.security_training_covered", "trip", "flag", covered, say_covered
        ),
        "policy.security_training_required": FactDef(
            "policy.security_training_required", "trip", "flag", lambda t, lg: required, say_required
        ),
    }


# Partial suspensions cover B, F, M and J visas (and immigrant visas): not H-1B or O-1 holders.
_OUTSIDE_PARTIAL = frozenset({"H-1B", "O-1"})


def passport_facts(countries: CountryBook | None) -> dict[str, FactDef]:
    """`traveler.us_entry_restricted`, from the countries' `us_entry_restricted*` risks."""

    def restricted(trip: TripContext) -> list[tuple[str, Fact]]:
        traveler = trip.itinerary.traveler
        if countries is None or traveler.us_citizen or traveler.us_permanent_resident:
            return []
        kinds = {"us_entry_restricted"}
        status = traveler.visa_status.value if traveler.visa_status else None
        if status not in _OUTSIDE_PARTIAL:  # unknown or other: it may be a B, F, M or J visa
            kinds.add("us_entry_restricted_partial")
        return [
            (code, fact)
            for code in traveler.citizenships
            for fact in countries.destination(code).risks_of(kinds)
        ]

    def say(trip: TripContext, leg: LegContext, _: Any) -> list[str]:
        return [
            f"you hold a passport of {geography.country_name(code)}: {sourced_note(fact)}"
            for code, fact in restricted(trip)
        ]

    return {
        "traveler.us_entry_restricted": FactDef(
            "traveler.us_entry_restricted", "trip", "flag", lambda t, lg: bool(restricted(t)), say
        )
    }
