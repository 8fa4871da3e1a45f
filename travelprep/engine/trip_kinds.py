"""What trips of one kind share: their items on given dates, their destinations, their JSON.

A kind of trip is one rule outcome (rule_outcomes.py) with the same leg names, which the
reasons show ("Leg 1: Shanghai, China"). Items depend on that and on three dates only
(departure, return, today), so trips of the same kind on the same dates share them; they are
immutable. The JSON of a checklist is, apart from the screening of the trip's own institution
names, the same for all of them too, so it is written once per kind and dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter

from travelprep.engine.context import TripContext
from travelprep.engine.evaluate import Fired, Outcome
from travelprep.engine.facts.countries import DestinationFacts
from travelprep.engine.facts.freshness import stale_sources
from travelprep.engine.model import (
    Checklist,
    ChecklistItem,
    DataInfo,
    Destination,
    SourceDate,
    StaleData,
    TripDates,
)
from travelprep.engine.rules.items import Priority
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.screening import ScreeningResult

_SCREENING = TypeAdapter(list[ScreeningResult])


class Dated:
    """One kind of trip on given dates: everything of its checklist but the screening."""

    # The JSON's seam: screening comes between the destinations and the items.
    _SEAM = b'"screening":[],"items":'

    def __init__(self, base: Checklist) -> None:
        self.base = base  # with an empty screening, which each trip replaces with its own
        self._json: tuple[bytes, bytes] | None = None

    def checklist(self, screening: list[ScreeningResult]) -> Checklist:
        base = self.base
        if not screening:
            return base
        return Checklist(
            generated_on=base.generated_on,
            data=base.data,
            trip=base.trip,
            destinations=base.destinations,
            screening=screening,
            items=base.items,
        )

    def json(self, screening: list[ScreeningResult]) -> bytes:
        if self._json is None:
            whole = self.base.model_dump_json(by_alias=True).encode()
            # Keys are written unescaped only where they are keys, so the seam is found once.
            cut = whole.index(self._SEAM) + len(b'"screening":')
            self._json = (whole[:cut], whole[cut + len(b"[]") :])
        head, tail = self._json
        written = _SCREENING.dump_json(screening, by_alias=True) if screening else b"[]"
        return head + written + tail


_LEG_NAMES_KEPT = 2  # sets of leg labels (cities) kept per rule outcome


def kind_of(outcome: Outcome, trip: TripContext, rulebook: Rulebook) -> KindOfTrip:
    """The parts the outcome gives a trip whose legs are named as this one's."""
    kinds = outcome.derived
    if kinds is None:
        kinds = outcome.derived = {}
    labels = tuple(leg.label for leg in trip.legs)
    kind = kinds.get(labels)
    if kind is None:
        if len(kinds) >= _LEG_NAMES_KEPT:
            kinds.clear()
        kind = kinds[labels] = KindOfTrip(outcome.fired, labels, trip, rulebook)
    return kind


class KindOfTrip:
    """What trips with one rule outcome and the same leg names share: items on given dates."""

    _DATES_KEPT = 2  # a trip is mostly seen on its own dates, and today moves slowly

    def __init__(
        self, fired: tuple[Fired, ...], labels: tuple[str, ...], trip: TripContext, rulebook: Rulebook
    ) -> None:
        self.destinations = _destinations(trip)
        # What an item says whatever the dates: built once, then only dates are filled in.
        self.fixed = [(f.rule.spec, _fixed_fields(f, labels, rulebook)) for f in fired]
        self.by_dates: dict[tuple[date, date, date], Dated] = {}
        self.items: dict[tuple[int, date | None, bool, bool], ChecklistItem] = {}

    def dated(self, trip: TripContext, rulebook: Rulebook) -> Dated:
        itinerary = trip.itinerary
        today = trip.today
        dates = (itinerary.departure, itinerary.return_, today)
        found = self.by_dates.get(dates)
        if found is None:
            if len(self.by_dates) >= self._DATES_KEPT:
                self.by_dates.clear()
            items = [self._item(number, trip) for number in range(len(self.fixed))]
            items.sort(key=lambda i: (i.due is None, i.due or today, i.priority != Priority.required, i.id))
            base = Checklist(
                generated_on=today,
                data=_data_info(rulebook, today),
                trip=TripDates(
                    departure=itinerary.departure,
                    return_=itinerary.return_,
                    days_until_departure=trip.days_until_departure,
                ),
                destinations=self.destinations,
                screening=[],
                items=items,
            )
            found = self.by_dates[dates] = Dated(base)
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


def _fixed_fields(fired: Fired, labels: tuple[str, ...], rulebook: Rulebook) -> dict[str, Any]:
    spec = fired.rule.spec
    return {
        "id": spec.id,
        "category": spec.category,
        "priority": fired.priority,
        "title": spec.title,
        "body": spec.body,
        "reasons": fired.lines(labels),
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
