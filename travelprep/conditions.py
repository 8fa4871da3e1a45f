"""Rule conditions: structured all/any/not trees over named facts, compiled once.

A condition is data, never code:
    {all: [...]}, {any: [...]}, {not: {...}}
    {fact: activities.formal_collaboration}                 # a flag
    {fact: destination.advisory_level, at_least: 3}         # a number: at_least, less_than
    {fact: carrying.devices, includes_any: [laptop, phone]} # a set
    {fact: traveler.role, in: [student]}                    # a choice
An item fires when its condition holds for at least one leg of the trip.

Each condition compiles to two closures: `test` answers yes or no as cheaply as possible,
and `explain` (run only for items that fire) returns the reasons, each tagged with its scope
so that leg reasons can name their leg.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from travelprep.sourced_yaml import SourceError
from travelprep.trip_context import LegContext, TripContext
from travelprep.vocabulary import FactDef

Reason = tuple[str, str]  # (scope "trip" | "leg", text)
Test = Callable[[TripContext, LegContext], bool]
Explain = Callable[[TripContext, LegContext], list[Reason]]

_OPERATORS = {
    "flag": set(),
    "number": {"at_least", "less_than"},
    "set": {"includes_any"},
    "choice": {"in"},
}


@dataclass(frozen=True)
class Condition:
    """A compiled condition: a fast test, an explanation, and whether legs matter to it."""

    test: Test
    explain: Explain
    per_leg: bool  # False when only trip facts are named: then one leg answers for all
    facts: frozenset[FactDef] = frozenset()  # every fact it reads, for keys of memoized outcomes


ALWAYS = Condition(lambda trip, leg: True, lambda trip, leg: [], per_leg=False)


def _reading(parts: list[Condition]) -> frozenset[FactDef]:
    return frozenset().union(*(p.facts for p in parts))


class ConditionCompiler:
    """Turns condition data into closures, checking every fact name and operator."""

    def __init__(self, facts: Mapping[str, FactDef], path: Path) -> None:
        self.facts, self.path = facts, path

    def error(self, node: Any, message: str) -> SourceError:
        return SourceError(self.path, getattr(node, "line", 0), message)

    def compile(self, node: Any) -> Condition:
        if not isinstance(node, dict) or len(node) == 0:
            raise self.error(node, "a condition must be a mapping with all, any, not or fact")
        keys = set(node)
        if keys in ({"all"}, {"any"}):
            (key,) = keys
            parts = node[key]
            if not isinstance(parts, list) or not parts:
                raise self.error(node, f"'{key}' needs a non-empty list of conditions")
            compiled = [self.compile(part) for part in parts]
            return _all(compiled) if key == "all" else _any(compiled)
        if keys == {"not"}:
            return self._negate(node["not"])
        if "fact" in keys:
            return self._atom(node)
        raise self.error(node, f"unknown condition keys {sorted(keys)}; use all, any, not or fact")

    def _definition(self, node: Mapping[str, Any]) -> FactDef:
        name = node["fact"]
        if name not in self.facts:
            known = ", ".join(sorted(self.facts))
            raise self.error(node, f"unknown fact {name!r}; known facts: {known}")
        return self.facts[name]

    def _atom(self, node: Mapping[str, Any]) -> Condition:
        fact = self._definition(node)
        operators = set(node) - {"fact"}
        allowed = _OPERATORS[fact.kind]
        if fact.kind == "flag" and operators:
            raise self.error(node, f"{fact.name} is a yes/no fact and takes no {sorted(operators)}")
        if fact.kind != "flag" and (len(operators) != 1 or not operators <= allowed):
            raise self.error(node, f"{fact.name} needs exactly one of: {', '.join(sorted(allowed))}")
        if fact.kind == "flag":
            return _flag(fact)
        (operator,) = operators
        operand = node[operator]
        if fact.kind == "number":
            if not isinstance(operand, int) or isinstance(operand, bool):
                raise self.error(node, f"{operator} needs a whole number")
            return _number(fact, operator, operand)
        if not isinstance(operand, list) or not operand:
            raise self.error(node, f"{operator} needs a non-empty list")
        unknown = [v for v in operand if fact.choices and v not in fact.choices]
        if unknown:
            raise self.error(
                node, f"{fact.name}: unknown values {unknown}; known: {', '.join(sorted(fact.choices))}"
            )
        return _includes(fact, frozenset(operand))

    def _negate(self, inner_node: Any) -> Condition:
        inner = self.compile(inner_node)
        test = inner.test
        say_not, scope = None, "trip"
        if isinstance(inner_node, dict) and set(inner_node) == {"fact"}:
            say_not = self._definition(inner_node).say_not
            scope = self._definition(inner_node).scope

        def explain(trip: TripContext, leg: LegContext) -> list[Reason]:
            return [(scope, text) for text in say_not(trip, leg, None)] if say_not else []

        return Condition(lambda trip, leg: not test(trip, leg), explain, inner.per_leg, inner.facts)


def _all(parts: list[Condition]) -> Condition:
    tests = [p.test for p in parts]

    def test(trip: TripContext, leg: LegContext) -> bool:
        for part in tests:  # a plain loop: measurably faster than all() over a generator here
            if not part(trip, leg):
                return False
        return True

    def explain(trip: TripContext, leg: LegContext) -> list[Reason]:
        return [reason for part in parts for reason in part.explain(trip, leg)]

    return Condition(test, explain, any(p.per_leg for p in parts), _reading(parts))


def _any(parts: list[Condition]) -> Condition:
    tests = [p.test for p in parts]

    def test(trip: TripContext, leg: LegContext) -> bool:
        for part in tests:
            if part(trip, leg):
                return True
        return False

    def explain(trip: TripContext, leg: LegContext) -> list[Reason]:
        return [reason for part in parts if part.test(trip, leg) for reason in part.explain(trip, leg)]

    return Condition(test, explain, any(p.per_leg for p in parts), _reading(parts))


def _explainer(fact: FactDef, shown: Callable[[Any], Any]) -> Explain:
    """Reasons for a fact, each tagged with the fact's scope."""
    read, say, scope = fact.read, fact.say, fact.scope

    def explain(trip: TripContext, leg: LegContext) -> list[Reason]:
        return [(scope, text) for text in say(trip, leg, shown(read(trip, leg)))]

    return explain


def _flag(fact: FactDef) -> Condition:
    read = fact.read
    return Condition(
        lambda trip, leg: bool(read(trip, leg)),
        _explainer(fact, lambda v: v),
        fact.scope == "leg",
        frozenset({fact}),
    )


def _number(fact: FactDef, operator: str, bound: int) -> Condition:
    read = fact.read
    if operator == "at_least":

        def test(trip: TripContext, leg: LegContext) -> bool:
            value = read(trip, leg)
            return value is not None and value >= bound
    else:

        def test(trip: TripContext, leg: LegContext) -> bool:
            value = read(trip, leg)
            return value is not None and value < bound

    return Condition(test, _explainer(fact, lambda v: v), fact.scope == "leg", frozenset({fact}))


def _includes(fact: FactDef, wanted: frozenset[str]) -> Condition:
    read = fact.read
    if fact.kind == "set":

        def test(trip: TripContext, leg: LegContext) -> bool:
            return not wanted.isdisjoint(read(trip, leg))

        shown: Callable[[Any], Any] = lambda value: tuple(v for v in value if v in wanted)  # noqa: E731
    else:

        def test(trip: TripContext, leg: LegContext) -> bool:
            return read(trip, leg) in wanted

        shown = lambda value: value  # noqa: E731
    return Condition(test, _explainer(fact, shown), fact.scope == "leg", frozenset({fact}))
