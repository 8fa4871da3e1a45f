"""Rule conditions: structured all/any/not trees over named facts, compiled once.

A condition is data, never code:
    {all: [...]}, {any: [...]}, {not: {...}}
    {fact: activities.formal_collaboration}                 # a flag
    {fact: destination.advisory_level, at_least: 3}         # a number: at_least, less_than
    {fact: carrying.devices, includes_any: [laptop, phone]} # a set
    {fact: traveler.role, in: [student]}                    # a choice
An item fires when its condition holds for at least one leg of the trip.

Each condition compiles to two closures: `test` answers yes or no, and `gather` answers in
the same pass with the reasons where the condition holds (None where it does not). Reasons
are gathered unworded, as (say, scope, value), and worded by `explain`. These closures serve
the policy's loaner trigger read on its own and the reference tests; a checklist goes through
rules/plan.py, which compiles every condition of the rulebook (`lead_when` too) together from
`shape` and words each reason once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.facts.sourced_yaml import SourceError
from travelprep.engine.rules.fact_definition import FactDef, Sayer, Scope

Reason = tuple[str, str]  # (scope "trip" | "leg", text)
Unworded = tuple[Sayer, Scope, Any]  # a reason before its wording: say(trip, leg, value)
Test = Callable[[TripContext, LegContext], bool]
# None where the condition does not hold; else a new list, which the caller may extend.
Gather = Callable[[TripContext, LegContext], list[Unworded] | None]
# The condition as data again, for plan.py to compile a whole rulebook together:
# ("flag", fact) ("number", fact, operator, bound) ("set" | "choice", fact, wanted)
# ("all" | "any", (shape, ...)) ("not", shape, unworded reason or None)
Shape = tuple

_OPERATORS = {
    "flag": set(),
    "number": {"at_least", "less_than"},
    "set": {"includes_any"},
    "choice": {"in"},
}


@dataclass(frozen=True)
class Condition:
    """A compiled condition: a test, the same with its reasons, and whether legs matter to it."""

    test: Test
    gather: Gather
    per_leg: bool  # False when only trip facts are named: then one leg answers for all
    shape: Shape = ("all", ())

    def explain(self, trip: TripContext, leg: LegContext) -> list[Reason]:
        """The reasons, worded, where the condition holds on the leg (none where it does not)."""
        found = self.gather(trip, leg) or ()
        return [(scope, text) for say, scope, value in found for text in say(trip, leg, value)]


ALWAYS = Condition(lambda trip, leg: True, lambda trip, leg: [], per_leg=False)


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
        wanted = frozenset(operand)
        if fact.kind == "set":
            return _includes_any(fact, wanted)
        return _atom(fact, wanted.__contains__, ("choice", fact, wanted))

    def _negate(self, inner_node: Any) -> Condition:
        inner = self.compile(inner_node)
        test = inner.test
        said: list[Unworded] = []  # a bare fact explains its negation, if it can
        if isinstance(inner_node, dict) and set(inner_node) == {"fact"}:
            fact = self._definition(inner_node)
            if fact.say_not:
                said = [(fact.say_not, fact.scope, None)]

        def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
            return None if test(trip, leg) else list(said)

        shape = ("not", inner.shape, said[0] if said else None)
        return Condition(lambda trip, leg: not test(trip, leg), gather, inner.per_leg, shape)


def all_of(*parts: Condition) -> Condition:
    """The condition that holds where every one of these does."""
    return _all(list(parts))


def _all(parts: list[Condition]) -> Condition:
    tests = [p.test for p in parts]
    first, *rest = [p.gather for p in parts]

    def test(trip: TripContext, leg: LegContext) -> bool:
        for part in tests:  # a plain loop: measurably faster than all() over a generator here
            if not part(trip, leg):
                return False
        return True

    def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
        found = first(trip, leg)
        if found is None:
            return None
        for part in rest:
            said = part(trip, leg)
            if said is None:
                return None
            found += said  # a new list: extending it is safe
        return found

    return Condition(test, gather, any(p.per_leg for p in parts), ("all", tuple(p.shape for p in parts)))


def _any(parts: list[Condition]) -> Condition:
    tests, gathers = [p.test for p in parts], [p.gather for p in parts]

    def test(trip: TripContext, leg: LegContext) -> bool:
        for part in tests:
            if part(trip, leg):
                return True
        return False

    def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
        found = None  # the reasons of every part that holds
        for part in gathers:
            said = part(trip, leg)
            if said is not None:
                if found is None:
                    found = said
                else:
                    found += said
        return found

    return Condition(test, gather, any(p.per_leg for p in parts), ("any", tuple(p.shape for p in parts)))


def _atom(fact: FactDef, holds: Callable[[Any], bool], shape: Shape) -> Condition:
    """A condition on one fact's value, whose reason is the fact saying that value."""
    read, say, scope = fact.read, fact.say, fact.scope

    def test(trip: TripContext, leg: LegContext) -> bool:
        return holds(read(trip, leg))

    def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
        value = read(trip, leg)
        return [(say, scope, value)] if holds(value) else None

    return Condition(test, gather, scope == "leg", shape)


def _flag(fact: FactDef) -> Condition:
    read, say, scope = fact.read, fact.say, fact.scope

    holds = (say, scope, True)  # the usual value, made once

    def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
        value = read(trip, leg)  # the most common atom: tested inline
        if value is True:
            return [holds]
        return [(say, scope, value)] if value else None

    return Condition(lambda trip, leg: bool(read(trip, leg)), gather, scope == "leg", ("flag", fact))


def _number(fact: FactDef, operator: str, bound: int) -> Condition:
    shape = ("number", fact, operator, bound)
    if operator == "at_least":
        return _atom(fact, lambda value: value is not None and value >= bound, shape)
    return _atom(fact, lambda value: value is not None and value < bound, shape)


def _includes_any(fact: FactDef, wanted: frozenset[str]) -> Condition:
    """A set fact holding any of `wanted`, whose reason names only those it holds ("a laptop")."""
    read, say, scope = fact.read, fact.say, fact.scope

    def test(trip: TripContext, leg: LegContext) -> bool:
        return not wanted.isdisjoint(read(trip, leg))

    def gather(trip: TripContext, leg: LegContext) -> list[Unworded] | None:
        shown = tuple([v for v in read(trip, leg) if v in wanted])
        return [(say, scope, shown)] if shown else None

    return Condition(test, gather, scope == "leg", ("set", fact, wanted))
