"""The checklist: `generate_checklist(itinerary, rulebook, today)`, pure and deterministic.

No files, no clock, no network, and nothing kept between calls: the same itinerary, rulebook
and day always give the same checklist, evaluated afresh, whether asked from the CLI, the API
or a web page. Which rules fire, and why, is evaluate.py's; here they become dated items.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.evaluate import REQUIRED, Fired
from travelprep.engine.facts.policy import Contact
from travelprep.engine.facts.visas import advise_without_table
from travelprep.engine.itinerary import Itinerary
from travelprep.engine.model import (  # noqa: F401 (the checklist's types, for callers)
    Checklist,
    ChecklistItem,
    DataInfo,
    Destination,
    SourceDate,
    StaleData,
    TripDates,
    built,
    built_all,
)
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.screening.clearance import suppress_cleared

UNDATED = date.max  # where an item without a due date sorts
# Every lead time an item may have (0 to 365 days, items.Lead), made once.
DAYS = tuple(timedelta(days=n) for n in range(366))


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
    trip = trip_context(itinerary, rulebook, today, cleared)
    contacts = rulebook.policy.contacts
    fired, pending = _fired(rulebook, trip)
    # Each (due date or UNDATED, not required, id, fields): sorted by due date (undated last),
    # required first, then by id. Ids differ, so the fields are never compared.
    items = [_item(found, trip, contacts) for found in fired]
    items += [_item(found, trip, contacts, True) for found in pending]
    items.sort()
    # Built, not validated (model.built): the engine made every value itself, of its declared
    # type; tests/engine/test_properties.py validates generated checklists strictly.
    return built(
        Checklist,
        {
            "generated_on": today,
            "data": _data_info(rulebook, today),
            "trip": built(
                TripDates,
                {
                    "departure": itinerary.departure,
                    "return_": itinerary.return_,
                    "days_until_departure": trip.days_until_departure,
                },
            ),
            "destinations": _destinations(trip),
            "screening": list(trip.screening),
            "devices_unknown": itinerary.carrying.devices_unknown,
            "items": built_all(ChecklistItem, [keyed[3] for keyed in items]),
        },
    )


def generate_checklist_json(
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    *,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> bytes:
    """`generate_checklist(...)` as the API sends it: JSON with the field aliases."""
    checklist = generate_checklist(itinerary, rulebook, today, cleared=cleared)
    return checklist.model_dump_json(by_alias=True).encode()


def trip_context(
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    cleared: frozenset[tuple[str, str]] = frozenset(),
) -> TripContext:
    """The trip as the rules see it: each leg's place and visa advice, and the screening."""
    passports = tuple(itinerary.traveler.citizenships)  # once, not per leg
    visas = rulebook.visas
    legs = []
    for number, leg in enumerate(itinerary.legs, start=1):
        place = rulebook.countries.destination(leg.country, leg.region)
        visa = visas.advise(passports, leg.country) if visas else advise_without_table(passports, leg.country)
        legs.append(LegContext.build(number, leg, place, visa))
    # The one join with screening: names in, candidate matches out, in input order.
    screening = rulebook.screener.screen(itinerary.institutions)
    if cleared:
        screening = suppress_cleared(screening, cleared)
    return TripContext.build(itinerary, today, tuple(legs), tuple(screening))


# What a traveler who has not said what they take most likely takes: the contract's "the
# device items that would fire for a laptop and phone".
ASSUMED_DEVICES = ("laptop", "phone")


def _fired(rulebook: Rulebook, trip: TripContext) -> tuple[list[Fired], list[Fired]]:
    """The rules that fire, and those that fire only if the traveler takes a laptop or phone:
    those wait on the answer to "What you are taking".

    Devices not named are not "nothing": the rules are evaluated once as the trip stands and
    once with a laptop and phone; what fires only with them is kept, marked `needs_answer`.
    """
    fired = rulebook.evaluator.fired(trip)
    if not trip.itinerary.carrying.devices_unknown:
        return fired, []
    known = {rule.spec.id for rule, _, _ in fired}
    assumed = replace(trip, devices=ASSUMED_DEVICES, devices_assumed=True)
    return fired, [f for f in rulebook.evaluator.fired(assumed) if f[0].spec.id not in known]


def _item(
    fired: Fired, trip: TripContext, contacts: dict[str, Contact], pending: bool = False
) -> tuple[date, bool, str, dict[str, Any]]:
    """The item of a rule that fires, due a lead time before departure or after return: its
    fields, after what the checklist sorts it by.

    They start as the rule's item (`Rule.item`: what it says, undated); only what this trip
    changes is set.
    """
    rule, priority, reasons = fired
    spec = rule.spec
    values = rule.item.copy()
    values["priority"] = priority
    values["reasons"] = reasons
    values["contact"] = contact = contacts[spec.contact]
    if pending:
        values["needs_answer"] = True
    days = rule.lead_days
    if days is None:
        return UNDATED, priority is not REQUIRED, spec.id, values
    if rule.before:
        values["lead_days"], values["due_anchor"] = days, rule.before
        values["due"] = due = trip.departure - DAYS[days]
        values["short_notice"] = short_notice = days > trip.days_until_departure
        values["overdue"] = overdue = due < trip.today
        if overdue or short_notice:  # once the traveler has left, never "before you leave"
            under_way = trip.days_until_departure < 0
            values["late_advice"] = (spec.abroad or _under_way(contact)) if under_way else spec.late
    else:
        values["lead_days"], values["due_anchor"] = days, rule.after
        values["due"] = due = trip.return_ + DAYS[days]
        values["overdue"] = overdue = due < trip.today
        if overdue:
            values["late_advice"] = spec.late
    return due, priority is not REQUIRED, spec.id, values


UNDER_WAY_ADVICE = (
    "Your trip has already begun: do now what still applies, and ask {contact} if you are unsure."
)


def _under_way(contact: Contact) -> str:
    return UNDER_WAY_ADVICE.format(contact=contact.name)


def _data_info(rulebook: Rulebook, today: date) -> DataInfo:
    stale = rulebook.freshness.stale(today)
    return built(
        DataInfo,
        {
            "policy": rulebook.policy.label,
            "sources": list(rulebook.source_dates),
            "stale": built_all(
                StaleData,
                [
                    {
                        "name": s.name,
                        "kind": s.kind,
                        "as_of": s.as_of,
                        "age_days": s.age_days,
                        "limit_days": s.limit_days,
                    }
                    for s in stale
                ],
            ),
        },
    )


def _destinations(trip: TripContext) -> list[Destination]:
    """Each place the trip goes to, once, in the order first visited."""
    # (country, region) -> [its facts, whether its visa requirement is known on every leg there]
    seen: dict[tuple[str, str | None], list[Any]] = {}
    for leg in trip.legs:
        place = leg.place
        known = leg.visa.requirement is not None
        found = seen.get((place.country, place.region))
        if found is None:
            seen[place.country, place.region] = [place, known]
        elif not known:
            found[1] = False
    return built_all(
        Destination,
        [
            {
                "country": p.country,
                "region": p.region,
                "name": p.name,
                "elevated_risk": p.elevated_risk is not None,
                "sanctioned": p.sanctioned,
                "ear_groups": list(p.group_codes),
                "advisory_level": p.advisory_level,
                "encryption_restricted": p.encryption_restricted,
                "vpn_restricted": p.vpn_restricted,
                "advisory_url": p.advisory.source if p.advisory else None,
                "visa_requirement_known": known,
            }
            for p, known in seen.values()
        ],
    )
