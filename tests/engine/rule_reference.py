"""The reference for rule outcomes: the evaluation as first written, kept here in the tests only.

A plain interpreter over the condition data (an item's `when` and `required_when`) with the
semantics of the original closures: a condition is tested on each leg (on the first only when
it names no leg fact), and where it holds its reasons are explained: `all` gives the reasons of
every part, `any` those of the parts that hold, `not` its fact's `say_not` (only for a bare
`{not: {fact: ...}}`). Leg reasons are kept under their leg number, trip reasons once, each
without repeats and in order; an empty leg reason still names its leg. `required_when`, when it
holds and the item is not required already, makes it required and adds its reasons after.

It is slow and obvious on purpose: the checklists of the engine (evaluate.py, checklist.py) must
give exactly what it gives (tests/engine/test_cold_evaluation.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from travelprep import paths
from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.facts.sourced_yaml import load_yaml
from travelprep.engine.rules.fact_definition import FactDef
from travelprep.engine.rules.items import Priority, Rule
from travelprep.engine.rules.rulebook import Rulebook, rule_facts

Outcome = tuple[str, Priority, tuple[tuple[int, tuple[str, ...]], ...], tuple[str, ...]]


class Reference:
    """The original evaluation of a rulebook's rules, fact by fact from the condition data."""

    def __init__(self, rulebook: Rulebook) -> None:
        trigger = load_yaml(paths.checklists_dir() / "policy.yaml")["loaner_trigger"]
        facts = dict(rule_facts(rulebook.policy, rulebook.countries))
        facts["destination.loaner_trigger"] = FactDef(
            "destination.loaner_trigger",
            "leg",
            "flag",
            lambda trip, leg: self.holds(trigger, trip, leg),
            lambda trip, leg, _: [text for _, text in self.explain(trigger, trip, leg)],
        )
        self.facts: Mapping[str, FactDef] = facts

    def evaluate(self, rules: tuple[Rule, ...], trip: TripContext) -> list[Outcome]:
        """(id, priority, reasons by leg number, trip reasons) of every rule that fires, in order."""
        found = []
        for rule in rules:
            spec = rule.spec
            reasons = _Reasons()
            if not self._gather(spec.when, trip, reasons):
                continue
            priority = spec.priority
            if priority != Priority.required and spec.required_when is not None:
                upgrade = _Reasons()
                if self._gather(spec.required_when, trip, upgrade):
                    priority = Priority.required
                    reasons.merge(upgrade)
            by_leg = tuple((number, tuple(texts)) for number, texts in reasons.by_leg.items())
            found.append((spec.id, priority, by_leg, tuple(reasons.trip)))
        return found

    def _gather(self, node: Any, trip: TripContext, reasons: _Reasons) -> bool:
        if node is None:  # an item without `when` always fires, for no particular reason
            return True
        fired = False
        for leg in trip.legs if self._per_leg(node) else trip.legs[:1]:
            if self.holds(node, trip, leg):
                fired = True
                reasons.add(self.explain(node, trip, leg), leg.number)
        return fired

    def _per_leg(self, node: Any) -> bool:
        if "fact" in node:
            return self.facts[node["fact"]].scope == "leg"
        if "not" in node:
            return self._per_leg(node["not"])
        return any(self._per_leg(part) for part in node.get("all", node.get("any")))

    def holds(self, node: Any, trip: TripContext, leg: LegContext) -> bool:
        if "all" in node:
            return all(self.holds(part, trip, leg) for part in node["all"])
        if "any" in node:
            return any(self.holds(part, trip, leg) for part in node["any"])
        if "not" in node:
            return not self.holds(node["not"], trip, leg)
        value = self.facts[node["fact"]].read(trip, leg)
        if "at_least" in node:
            return value is not None and value >= node["at_least"]
        if "less_than" in node:
            return value is not None and value < node["less_than"]
        if "includes_any" in node:
            return bool(set(node["includes_any"]) & set(value))
        if "in" in node:
            return value in node["in"]
        return bool(value)

    def explain(self, node: Any, trip: TripContext, leg: LegContext) -> list[tuple[str, str]]:
        if "all" in node:
            return [reason for part in node["all"] for reason in self.explain(part, trip, leg)]
        if "any" in node:
            return [
                reason
                for part in node["any"]
                if self.holds(part, trip, leg)
                for reason in self.explain(part, trip, leg)
            ]
        if "not" in node:
            inner = node["not"]
            if not (isinstance(inner, dict) and set(inner) == {"fact"}):
                return []
            fact = self.facts[inner["fact"]]
            return [(fact.scope, text) for text in fact.say_not(trip, leg, None)] if fact.say_not else []
        fact = self.facts[node["fact"]]
        value = fact.read(trip, leg)
        if "includes_any" in node:
            value = tuple(v for v in value if v in node["includes_any"])
        return [(fact.scope, text) for text in fact.say(trip, leg, value)]

    @staticmethod
    def lines(trip: TripContext, by_leg: tuple, on_trip: tuple[str, ...]) -> list[str]:
        """Reasons as an item shows them: each leg's after its label, then the trip's as sentences."""
        labels = [leg.label for leg in trip.legs]
        legs = [f"{labels[n - 1]} — {'; '.join(texts)}" if texts else labels[n - 1] for n, texts in by_leg]
        return legs + [text[:1].upper() + text[1:] for text in on_trip]


class _Reasons:
    def __init__(self) -> None:
        self.by_leg: dict[int, list[str]] = {}
        self.trip: list[str] = []

    def add(self, reasons: list[tuple[str, str]], number: int) -> None:
        for scope, text in reasons:
            target = self.by_leg.setdefault(number, []) if scope == "leg" else self.trip
            if text and text not in target:
                target.append(text)

    def merge(self, other: _Reasons) -> None:
        for number, texts in other.by_leg.items():
            mine = self.by_leg.setdefault(number, [])
            mine += [t for t in texts if t not in mine]
        self.trip += [t for t in other.trip if t not in self.trip]
