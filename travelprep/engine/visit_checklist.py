"""The host's checklist for a visit: `generate_visit_checklist(visit, rulebook, today)`, pure.

The same engine as a trip's: the visit rules (checklists/items/visits/) are compiled with the
rulebook, evaluate.py decides which fire and why, and the items are dated here, counting back
from the visitor's arrival. No files, no clock, no network.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from travelprep.engine.checklist import _data_info as data_info  # one home for the sources block
from travelprep.engine.evaluate import Fired
from travelprep.engine.facts.policy import Contact
from travelprep.engine.facts.visas import advise_without_table
from travelprep.engine.model import ChecklistItem, DataInfo, Destination
from travelprep.engine.rules.items import ItemSource, Priority
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.engine.visit import Visit
from travelprep.engine.visit_context import OriginContext, VisitContext
from travelprep.screening import ScreeningResult
from travelprep.screening.clearance import suppress_cleared

ARRIVED_ADVICE = "The visitor has already arrived: do now what still applies, and ask {contact} if unsure."


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class VisitChecklistItem(ChecklistItem):
    sources: list[ItemSource] = []  # the regulation or policy behind the advice


class VisitorCountry(Destination):
    """A country the visitor comes from, with a trip destination's flags, and how they are linked to it."""

    links_to_visitor: list[str] = Field(default_factory=list)  # citizenship, current/prior affiliation


class VisitDates(_Out):
    arrive: date
    depart: date
    days_until_arrival: int


class VisitChecklist(_Out):
    generated_on: date
    data: DataInfo
    visit: VisitDates
    visitor_countries: list[VisitorCountry]
    screening: list[ScreeningResult]
    items: list[VisitChecklistItem]

    def to_data(self) -> dict:
        """The README's JSON shape."""
        return self.model_dump(mode="json", by_alias=True)


def visit_context(
    visit: Visit, rulebook: Rulebook, today: date, cleared: frozenset[tuple[str, str]] = frozenset()
) -> VisitContext:
    """The visit as the rules see it: each origin's facts, the US visa advice and the screening."""
    countries = rulebook.countries
    visitor = visit.visitor
    origins = [
        OriginContext.build(number, "citizenship", countries.destination(code))
        for number, code in enumerate(visitor.citizenships, start=1)
    ]
    for affiliation in visitor.affiliations:
        kind = "current_affiliation" if affiliation.current else "prior_affiliation"
        place = countries.destination(affiliation.country, affiliation.region)
        origins.append(OriginContext.build(len(origins) + 1, kind, place, affiliation))
    passports = visitor.citizenships
    visas = rulebook.visas
    us_visa = visas.advise(passports, "US") if visas else advise_without_table(passports, "US")
    screening = rulebook.screener.screen(visit.screened_names())
    if cleared:
        screening = suppress_cleared(screening, cleared)
    return VisitContext.build(visit, today, tuple(origins), tuple(screening), us_visa)


def generate_visit_checklist(
    visit: Visit,
    rulebook: Rulebook,
    today: date,
    *,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> VisitChecklist:
    """Every visit item that applies, with reasons and due dates before arrival, ordered by due date."""
    context = visit_context(visit, rulebook, today, cleared)
    contacts = rulebook.policy.contacts
    # The evaluator walks any subject with `legs`; a visit's legs are the visitor's origins.
    fired = rulebook.visit_evaluator.fired(context)
    items = [_item(f, context, contacts) for f in fired]
    items.sort(
        key=lambda i: (i["due"] is None, i["due"] or today, i["priority"] != Priority.required, i["id"])
    )
    return VisitChecklist.model_validate(
        {
            "generated_on": today,
            "data": data_info(rulebook, today),
            "visit": {
                "arrive": visit.arrive,
                "depart": visit.depart,
                "days_until_arrival": context.days_until_arrival,
            },
            "visitor_countries": _countries(context),
            "screening": list(context.screening),
            "items": items,
        }
    )


def _item(fired: Fired, visit: VisitContext, contacts: dict[str, Contact]) -> dict[str, Any]:
    spec = fired[0].spec
    lead = spec.lead
    due = visit.visit.arrive - timedelta(days=lead.days) if lead else None
    short_notice = bool(lead and lead.days > visit.days_until_arrival)
    overdue = due is not None and due < visit.today
    contact = contacts[spec.contact]
    advice = None
    if lead and (overdue or short_notice):
        arrived = visit.days_until_arrival < 0
        advice = ARRIVED_ADVICE.format(contact=contact.name) if arrived else spec.late
    anchor = lead.anchor if lead else None
    return fired[0].item | {
        "priority": fired[1],
        "reasons": fired[2],
        "due": due,
        "overdue": overdue,
        "short_notice": short_notice,
        "late_advice": advice,
        "lead_days": lead.days if lead else None,
        "due_anchor": anchor,
        "contact": contact,
        "sources": spec.sources,
    }


def _countries(visit: VisitContext) -> list[dict[str, Any]]:
    """Each country the visitor is linked to, once, in the order first named."""
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for origin in visit.legs:
        place = origin.place
        entry = seen.setdefault(
            (place.country, place.region),
            {
                "country": place.country,
                "region": place.region,
                "name": place.name,
                "elevated_risk": place.elevated_risk is not None,
                "sanctioned": place.sanctioned,
                "ear_groups": place.group_codes,
                "advisory_level": place.advisory_level,
                "encryption_restricted": place.encryption_restricted,
                "vpn_restricted": place.vpn_restricted,
                "links_to_visitor": [],
            },
        )
        if origin.kind not in entry["links_to_visitor"]:
            entry["links_to_visitor"].append(origin.kind)
    return list(seen.values())
