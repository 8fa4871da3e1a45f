"""The checklist: `generate_checklist(itinerary, rulebook, today)`, pure and deterministic.

No files, no clock, no network: the same itinerary, rulebook and day always give the same
checklist, whether asked from the CLI, the API or a web page.
"""

from __future__ import annotations

from datetime import date

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.facts.visas import advise_without_table
from travelprep.engine.itinerary import Itinerary
from travelprep.engine.model import (  # noqa: F401 (the checklist's types, for callers)
    Checklist,
    ChecklistItem,
    DataInfo,
    Destination,
    TripDates,
)
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.engine.trip_kinds import Dated, kind_of
from travelprep.screening.clearance import suppress_cleared


def generate_checklist(
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    *,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> Checklist:
    """Every item that applies to this trip, with reasons and due dates, ordered by due date.

    `cleared` holds the (query_key(institution), entity_id) pairs that Research Compliance
    decided for this trip (false positive or cleared): those matches are not raised again.
    """
    trip, dated = _dated(itinerary, rulebook, today, cleared)
    return dated.checklist(list(trip.screening))


def generate_checklist_json(
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    *,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> bytes:
    """`generate_checklist(...)` as JSON, byte for byte `model_dump_json(by_alias=True)`.

    Only the screening of the trip's own institution names is written per call; the rest is
    written once for all trips of the same kind on the same dates.
    """
    trip, dated = _dated(itinerary, rulebook, today, cleared)
    return dated.json(list(trip.screening))


def _dated(
    itinerary: Itinerary, rulebook: Rulebook, today: date, cleared: frozenset[tuple[str, str]]
) -> tuple[TripContext, Dated]:
    trip = _context(itinerary, rulebook, today, cleared)
    kind = kind_of(rulebook.outcomes.of(trip), trip, rulebook)
    return trip, kind.dated(trip, rulebook)


def _context(
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> TripContext:
    passports = itinerary.traveler.citizenships
    legs = []
    for number, leg in enumerate(itinerary.legs, start=1):
        place = rulebook.countries.destination(leg.country, leg.region)
        visas = rulebook.visas
        visa = visas.advise(passports, leg.country) if visas else advise_without_table(passports, leg.country)
        legs.append(LegContext.build(number, leg, place, visa))
    # The one join with screening: names in, candidate matches out, in input order.
    screening = rulebook.screener.screen(itinerary.institutions)
    if cleared:
        screening = suppress_cleared(screening, cleared)
    screening = tuple(screening)
    return TripContext.build(itinerary, today, tuple(legs), screening)
