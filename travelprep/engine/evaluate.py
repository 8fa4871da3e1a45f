"""Which rules fire on a trip, how urgently, and why: worked out once per kind of trip.

What the rules decide depends on far less than the whole itinerary: not on the traveler's
name, nor on the dates as such, only on the facts the conditions read. Each fact declares
what its value and wording depend on (`FactDef.key`), so those summaries, with each leg's
place and the traveler's passports, make a key under which the outcome is kept. The many
trips of the same kind (a laptop to China for a conference, whatever the city) then cost one
evaluation; the checklist names the legs and applies the dates afterwards (trip_kinds.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, NamedTuple

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.rules.conditions import Condition, Unworded
from travelprep.engine.rules.items import Priority, Rule

# Kinds of trip kept, least recently used first out. With what the checklist keeps on it
# (items and JSON for at most 2 sets of leg names and 2 of dates), a kind takes about 64 KB
# typically and 220 KB at most: the memo stays near 16 MB, and under 60 MB whatever the
# requests (the checklist endpoint is public).
KINDS_KEPT = 256


class Fired(NamedTuple):
    """One rule that fires on the trip, with its priority and the reasons it gives.

    Leg reasons are kept by leg number, so that trips to the same places share the outcome
    whatever their cities; `lines` names each leg ("Leg 1: Shanghai, China — ...").
    A named tuple: a new kind of trip makes one per rule that fires, and it is the quickest
    immutable record to make.
    """

    rule: Rule
    priority: Priority
    by_leg: tuple[tuple[int, tuple[str, ...]], ...]
    trip: tuple[str, ...]

    def lines(self, labels: tuple[str, ...]) -> list[str]:
        """The reasons as the checklist shows them, with `labels[n - 1]` naming leg n."""
        legs = [
            f"{labels[n - 1]} — {'; '.join(texts)}" if texts else labels[n - 1] for n, texts in self.by_leg
        ]
        return legs + [_sentence(text) for text in self.trip] or [self.rule.spec.why]


@dataclass(eq=False)
class Outcome:
    """The rules that fire on one kind of trip, and room for what is derived from them."""

    fired: tuple[Fired, ...]
    derived: Any = None  # the checklist keeps its own per-kind parts here (trip_kinds.py)


class RuleOutcomes:
    """The rules of a rulebook, evaluated per trip and memoized by what they read."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        read = {f for rule in rules for c in (rule.when, rule.required_when) if c for f in c.facts}
        ordered = sorted(read, key=lambda fact: fact.name)
        # Trip facts: their key, or else their value. Leg facts: the place and passports (in
        # LegContext.memo_key) unless a fact says it depends on more.
        self._trip_keys = tuple(fact.key or fact.read for fact in ordered if fact.scope == "trip")
        self._leg_keys = tuple(fact.key for fact in ordered if fact.scope == "leg" and fact.key)
        self._memo: OrderedDict[tuple, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, trip: TripContext) -> tuple:
        """Everything the rules' decisions and reasons can depend on, and nothing else."""
        first, leg_keys = trip.legs[0], self._leg_keys
        return (
            tuple(key(trip, first) for key in self._trip_keys),
            tuple((leg.memo_key, *(key(trip, leg) for key in leg_keys)) for leg in trip.legs),
        )

    def of(self, trip: TripContext) -> Outcome:
        """The outcome for this trip, evaluated now or found from an earlier trip of its kind."""
        key = self.key(trip)
        with self._lock:  # web workers' threads share the memo
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
                return found
        found = Outcome(evaluate(self.rules, trip))
        with self._lock:
            self._memo[key] = found
            if len(self._memo) > KINDS_KEPT:
                self._memo.popitem(last=False)  # the least recently used kind
        return found

    def forget(self) -> None:
        """Drop every memoized outcome (for measuring the cost of evaluating afresh)."""
        with self._lock:
            self._memo.clear()


def evaluate(rules: tuple[Rule, ...], trip: TripContext) -> tuple[Fired, ...]:
    """Every rule that fires on the trip, in rulebook order, without any memo."""
    worded: dict[tuple, list[str]] = {}  # the rules share many reasons: each is worded once
    first = trip.legs[:1]  # where conditions on the trip alone are tested
    return tuple(fired for rule in rules if (fired := _fire(rule, trip, first, worded)) is not None)


def _fire(rule: Rule, trip: TripContext, first: tuple, worded: dict[tuple, list[str]]) -> Fired | None:
    found = _holding(rule.when, trip, first)
    if found is None:
        return None
    priority = rule.spec.priority
    if priority != Priority.required and rule.required_when:
        upgrade = _holding(rule.required_when, trip, first)
        if upgrade is not None:
            priority = Priority.required
            found += upgrade  # its reasons come after, where they are new
    by_leg, on_trip = _reasons(found, trip, worded)
    return Fired(rule, priority, tuple([(n, tuple(texts)) for n, texts in by_leg.items()]), tuple(on_trip))


def _holding(condition: Condition, trip: TripContext, first: tuple) -> list | None:
    """The legs on which the condition holds, each with its reasons unworded; None if none."""
    gather = condition.gather
    legs = trip.legs if condition.per_leg else first
    found = [(leg, said) for leg in legs if (said := gather(trip, leg)) is not None]
    return found or None


def _reasons(
    found: list[tuple[LegContext, list[Unworded]]], trip: TripContext, worded: dict[tuple, list[str]]
) -> tuple[dict[int, list[str]], list[str]]:
    """Leg reasons under their leg number, trip reasons once, each without repeats, in order.

    A leg reason without words (`destination.foreign`) still names its leg. Wordings are kept
    by what they depend on: the fact's value, and for a leg fact the leg; a trip fact says the
    same on every leg (as the memo key already assumes).
    """
    by_leg: dict[int, list[str]] = {}
    on_trip: list[str] = []
    for leg, said in found:
        number = leg.number
        for say, scope, value in said:
            key = (say, value, number) if scope == "leg" else (say, value)
            texts = worded.get(key)
            if texts is None:
                texts = worded[key] = say(trip, leg, value)
            if not texts:
                continue
            target = by_leg.setdefault(number, []) if scope == "leg" else on_trip
            for text in texts:
                if text and text not in target:
                    target.append(text)
    return by_leg, on_trip


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
