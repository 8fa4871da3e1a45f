"""The checklist: `generate_checklist(itinerary, rulebook, today)`, pure and deterministic.

No files, no clock, no network: the same itinerary, rulebook and day always give the same
checklist, whether asked from the CLI, the API or a web page.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from travelprep.countries import DestinationFacts
from travelprep.freshness import stale_sources
from travelprep.itinerary import Itinerary
from travelprep.policy import Contact
from travelprep.rule_outcomes import Fired
from travelprep.rulebook import Rulebook
from travelprep.rules import Category, Link, Priority
from travelprep.screening import ScreeningResult
from travelprep.screening.clearance import suppress_cleared
from travelprep.trip_context import LegContext, TripContext
from travelprep.visas import advise_without_table


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ChecklistItem(_Out):
    id: str
    category: Category
    priority: Priority
    title: str
    body: str  # Markdown
    due: date | None
    overdue: bool
    short_notice: bool
    reasons: list[str]
    links: list[Link]
    late_advice: str | None = None  # what to do now, when the lead time no longer fits
    lead_days: int | None = None
    due_anchor: str | None = None  # "departure" or "return"
    contact: Contact


class Destination(_Out):
    country: str
    region: str | None
    name: str
    elevated_risk: bool
    sanctioned: bool
    ear_groups: list[str]
    advisory_level: int | None
    encryption_restricted: bool
    vpn_restricted: bool


class SourceDate(_Out):
    name: str
    as_of: date
    kind: str
    origin: str


class StaleData(_Out):
    name: str
    kind: str
    as_of: date
    age_days: int
    limit_days: int


class DataInfo(_Out):
    policy: str
    sources: list[SourceDate]
    stale: list[StaleData] = []  # sources past their age limit on `generated_on`


class TripDates(_Out):
    departure: date
    return_: date = Field(serialization_alias="return")
    days_until_departure: int


class Checklist(_Out):
    generated_on: date
    data: DataInfo
    trip: TripDates
    destinations: list[Destination]
    screening: list[ScreeningResult]
    items: list[ChecklistItem]

    def to_data(self) -> dict:
        """CONTRACT.md's JSON shape."""
        return self.model_dump(mode="json", by_alias=True)


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
    trip = _context(itinerary, rulebook, today, cleared)
    outcome = rulebook.outcomes.of(trip)
    kind = outcome.derived
    if kind is None:
        kind = outcome.derived = _KindOfTrip(outcome.fired, trip, rulebook)
    items, data = kind.dated(trip, rulebook)
    return Checklist(
        generated_on=today,
        data=data,
        trip=TripDates(
            departure=itinerary.departure,
            return_=itinerary.return_,
            days_until_departure=trip.days_until_departure,
        ),
        destinations=kind.destinations,
        screening=list(trip.screening),
        items=items,
    )


class _KindOfTrip:
    """What every trip with one rule outcome shares: destinations, and items on given dates.

    Items depend on the outcome and three dates only (departure, return, today), so trips of
    the same kind on the same dates share them; they are immutable.
    """

    _DATES_KEPT = 4  # a trip is mostly seen on its own dates, and today moves slowly

    def __init__(self, fired: tuple[Fired, ...], trip: TripContext, rulebook: Rulebook) -> None:
        self.destinations = _destinations(trip)
        # What an item says whatever the dates: built once, then only dates are filled in.
        self.fixed = [(f.rule.spec, _fixed_fields(f, rulebook)) for f in fired]
        self.by_dates: dict[tuple[date, date, date], tuple[list[ChecklistItem], DataInfo]] = {}
        self.items: dict[tuple[int, date | None, bool, bool], ChecklistItem] = {}

    def dated(self, trip: TripContext, rulebook: Rulebook) -> tuple[list[ChecklistItem], DataInfo]:
        itinerary = trip.itinerary
        dates = (itinerary.departure, itinerary.return_, trip.today)
        found = self.by_dates.get(dates)
        if found is None:
            if len(self.by_dates) >= self._DATES_KEPT:
                self.by_dates.clear()
            items = [self._item(number, trip) for number in range(len(self.fixed))]
            today = trip.today
            items.sort(key=lambda i: (i.due is None, i.due or today, i.priority != Priority.required, i.id))
            found = self.by_dates[dates] = (items, _data_info(rulebook, trip.today))
        return found

    def _item(self, number: int, trip: TripContext) -> ChecklistItem:
        """Item `number` on the trip's dates; it changes only with its due date and urgency."""
        spec, fixed = self.fixed[number]
        lead = spec.lead
        due = short_notice = None
        if lead:
            if lead.before:
                due = trip.itinerary.departure - timedelta(days=lead.days)
                short_notice = lead.days > trip.days_until_departure
            else:
                due = trip.itinerary.return_ + timedelta(days=lead.days)
        overdue = due is not None and due < trip.today
        key = (number, due, overdue, bool(short_notice))
        found = self.items.get(key)
        if found is None:
            if len(self.items) >= self._DATES_KEPT * len(self.fixed):
                self.items.clear()
            late = spec.late if spec.late and (overdue or short_notice) else None
            # Plain construction: pydantic-core validates these simple fields faster than
            # model_construct() skips them (and copies the lists, so `fixed` is never shared).
            found = self.items[key] = ChecklistItem(
                **fixed, due=due, overdue=overdue, short_notice=key[3], late_advice=late
            )
        return found


def _data_info(rulebook: Rulebook, today: date) -> DataInfo:
    sources = rulebook.sources()
    return DataInfo(
        policy=f"{rulebook.policy.name} (as of {rulebook.policy.as_of})",
        sources=[SourceDate(name=s.name, as_of=s.as_of, kind=s.kind, origin=s.origin) for s in sources],
        stale=[StaleData(**vars(s)) for s in stale_sources(sources, today)],
    )


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


def _fixed_fields(fired: Fired, rulebook: Rulebook) -> dict[str, Any]:
    spec = fired.rule.spec
    return {
        "id": spec.id,
        "category": spec.category,
        "priority": fired.priority,
        "title": spec.title,
        "body": spec.body,
        "reasons": list(fired.reasons),
        "links": list(spec.links),
        "lead_days": spec.lead.days if spec.lead else None,
        "due_anchor": (spec.lead.before or spec.lead.after) if spec.lead else None,
        "contact": rulebook.policy.contacts[spec.contact],
    }


def _destinations(trip: TripContext) -> list[Destination]:
    seen: dict[tuple[str, str | None], DestinationFacts] = {}
    for leg in trip.legs:
        seen.setdefault((leg.place.country, leg.place.region), leg.place)
    return [
        Destination(
            country=p.country,
            region=p.region,
            name=p.name,
            elevated_risk=p.elevated_risk is not None,
            sanctioned=p.sanctioned,
            ear_groups=list(p.group_codes),
            advisory_level=p.advisory_level,
            encryption_restricted=p.encryption_restricted,
            vpn_restricted=p.vpn_restricted,
        )
        for p in seen.values()
    ]
