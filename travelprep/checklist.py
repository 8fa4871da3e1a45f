"""The checklist: `generate_checklist(itinerary, rulebook, today)`, pure and deterministic.

No files, no clock, no network: the same itinerary, rulebook and day always give the same
checklist, whether asked from the CLI, the API or a web page.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from travelprep.conditions import Condition, Reason
from travelprep.countries import DestinationFacts
from travelprep.freshness import stale_sources
from travelprep.itinerary import Itinerary
from travelprep.policy import Contact
from travelprep.rulebook import Rulebook
from travelprep.rules import Category, Link, Priority, Rule
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
    items = [item for rule in rulebook.rules if (item := _item(rule, trip, rulebook)) is not None]
    items.sort(key=lambda i: (i.due is None, i.due or today, i.priority != Priority.required, i.id))
    return Checklist(
        generated_on=today,
        data=DataInfo(
            policy=f"{rulebook.policy.name} (as of {rulebook.policy.as_of})",
            sources=[
                SourceDate(name=s.name, as_of=s.as_of, kind=s.kind, origin=s.origin)
                for s in rulebook.sources()
            ],
            stale=[StaleData(**vars(s)) for s in stale_sources(rulebook.sources(), today)],
        ),
        trip=TripDates(
            departure=itinerary.departure,
            return_=itinerary.return_,
            days_until_departure=trip.days_until_departure,
        ),
        destinations=_destinations(trip),
        screening=list(trip.screening),
        items=items,
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


def _item(rule: Rule, trip: TripContext, rulebook: Rulebook) -> ChecklistItem | None:
    reasons = _Reasons()
    if not reasons.evaluate(rule.when, trip):
        return None
    spec = rule.spec
    priority = spec.priority
    if priority != Priority.required and rule.required_when:
        upgrade = _Reasons()
        if upgrade.evaluate(rule.required_when, trip):
            priority = Priority.required
            reasons.merge(upgrade)
    due = short_notice = None
    if spec.lead:
        if spec.lead.before:
            due = trip.itinerary.departure - timedelta(days=spec.lead.days)
            short_notice = spec.lead.days > trip.days_until_departure
        else:
            due = trip.itinerary.return_ + timedelta(days=spec.lead.days)
    overdue = due is not None and due < trip.today
    # Plain construction: pydantic-core validates these simple fields faster than
    # model_construct() skips them.
    return ChecklistItem(
        id=spec.id,
        category=spec.category,
        priority=priority,
        title=spec.title,
        body=spec.body,
        due=due,
        overdue=overdue,
        short_notice=bool(short_notice),
        reasons=reasons.lines() or [spec.why],
        links=list(spec.links),
        late_advice=spec.late if spec.late and (overdue or short_notice) else None,
        lead_days=spec.lead.days if spec.lead else None,
        due_anchor=(spec.lead.before or spec.lead.after) if spec.lead else None,
        contact=rulebook.policy.contacts[spec.contact],
    )


class _Reasons:
    """Reasons gathered over the legs: leg reasons under their leg, trip reasons once."""

    def __init__(self) -> None:
        self.by_leg: dict[str, list[str]] = {}
        self.trip: list[str] = []

    def evaluate(self, condition: Condition, trip: TripContext) -> bool:
        """Whether the condition holds for any leg; gathers the reasons where it does."""
        test, fired = condition.test, False
        for leg in trip.legs if condition.per_leg else trip.legs[:1]:
            if test(trip, leg):
                fired = True
                self._add(condition.explain(trip, leg), leg)
        return fired

    def _add(self, reasons: list[Reason], leg: LegContext) -> None:
        for scope, text in reasons:
            target = self.by_leg.setdefault(leg.label, []) if scope == "leg" else self.trip
            if text and text not in target:
                target.append(text)

    def merge(self, other: _Reasons) -> None:
        for label, texts in other.by_leg.items():
            mine = self.by_leg.setdefault(label, [])
            mine += [t for t in texts if t not in mine]
        self.trip += [t for t in other.trip if t not in self.trip]

    def lines(self) -> list[str]:
        legs = [f"{label} — {'; '.join(texts)}" if texts else label for label, texts in self.by_leg.items()]
        return legs + [_sentence(text) for text in self.trip]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


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
