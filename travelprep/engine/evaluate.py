"""Which rules fire on a trip, how urgently, and why: evaluated afresh on every call.

Conditions were compiled once, with the rulebook, into plain functions (conditions.py). Here
each rule's condition gathers its reasons unworded on the legs where it holds, and only the
rules that fire have their reasons worded; a reason several rules share is worded once.
"""

from __future__ import annotations

from typing import NamedTuple

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.rules.conditions import Condition, Unworded
from travelprep.engine.rules.items import Priority, Rule


class Fired(NamedTuple):
    """One rule that fires on the trip, with its priority and its reasons as the checklist shows them."""

    rule: Rule
    priority: Priority
    reasons: list[str]  # "Leg 1: Shanghai, China — ..." per leg, then the trip's own sentences


def evaluate(rules: tuple[Rule, ...], trip: TripContext) -> list[Fired]:
    """Every rule that fires on the trip, in rulebook order."""
    worded: dict[tuple, list[str]] = {}  # the rules share many reasons: each is worded once a call
    fired = []
    for rule in rules:
        found = _holding(rule.when, trip)
        if found is None:
            continue
        priority = rule.spec.priority
        if priority != Priority.required and rule.required_when:
            upgrade = _holding(rule.required_when, trip)
            if upgrade is not None:
                priority = Priority.required
                found += upgrade  # its reasons come after, where they are new
        fired.append(Fired(rule, priority, _reasons(found, trip, worded) or [rule.spec.why]))
    return fired


def _holding(condition: Condition, trip: TripContext) -> list | None:
    """The legs on which the condition holds, each with its reasons unworded; None if none."""
    gather = condition.gather
    if not condition.per_leg:  # only trip facts: the first leg answers for all, once
        first = trip.legs[0]
        said = gather(trip, first)
        return None if said is None else [(first, said)]
    found = [(leg, said) for leg in trip.legs if (said := gather(trip, leg)) is not None]
    return found or None


def _reasons(
    found: list[tuple[LegContext, list[Unworded]]], trip: TripContext, worded: dict[tuple, list[str]]
) -> list[str]:
    """Leg reasons under their leg's label, then trip reasons once, each without repeats, in order.

    A leg reason without words (`destination.foreign`) still names its leg. Wordings are kept
    for the call by what they depend on: the fact's value, and for a leg fact the leg.
    """
    by_leg: dict[int, list[str]] = {}
    on_trip: list[str] = []
    known = worded.get
    for leg, said in found:
        number = leg.number
        mine = None  # this leg's reasons, made when the first one has words
        for reason in said:
            on_leg = reason[1] == "leg"
            key = (reason, number) if on_leg else reason
            texts = known(key)
            if texts is None:
                texts = worded[key] = reason[0](trip, leg, reason[2])
            if not texts:
                continue
            if on_leg:
                if mine is None:
                    mine = by_leg.setdefault(number, [])
                target = mine
            else:
                target = on_trip
            for text in texts:
                if text and text not in target:
                    target.append(text)
    legs = trip.legs
    lines = []
    for number, texts in by_leg.items():
        label = legs[number - 1].label
        lines.append(f"{label} — {'; '.join(texts)}" if texts else label)
    for text in on_trip:
        lines.append(text[:1].upper() + text[1:])
    return lines
