"""Rule conditions: structured all/any/not trees over named facts, compiled once to closures.

A condition is data, never code:
    {all: [...]}, {any: [...]}, {not: {...}}
    {fact: activities.formal_collaboration}                 # a flag
    {fact: destination.advisory_level, at_least: 3}         # a number: at_least, less_than
    {fact: carrying.devices, includes_any: [laptop, phone]} # a set
    {fact: traveler.role, in: [student]}                    # a choice
An item fires when its condition holds for at least one leg of the trip. Evaluation returns
the reasons that made it hold, each tagged with its scope so leg reasons can name the leg.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from travelprep.sourced_yaml import SourceError
from travelprep.trip_context import LegContext, TripContext
from travelprep.vocabulary import FactDef

Reason = tuple[str, str]  # (scope "trip" | "leg", text)
Condition = Callable[[TripContext, LegContext], tuple[bool, list[Reason]]]

_OPERATORS = {
    "flag": set(),
    "number": {"at_least", "less_than"},
    "set": {"includes_any"},
    "choice": {"in"},
}


def always(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
    """The condition of an item that applies to every trip."""
    return True, []


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
            raise self.error(node, f"{fact.name}: unknown values {unknown}; "
                                   f"known: {', '.join(sorted(fact.choices))}")
        return _includes(fact, frozenset(operand))

    def _negate(self, inner_node: Any) -> Condition:
        inner = self.compile(inner_node)
        say_not, scope = None, "trip"
        if isinstance(inner_node, dict) and set(inner_node) == {"fact"}:
            say_not = self._definition(inner_node).say_not
            scope = self._definition(inner_node).scope

        def negated(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
            holds, _ = inner(trip, leg)
            if holds:
                return False, []
            return True, [(scope, text) for text in say_not(trip, leg, None)] if say_not else []

        return negated


def _all(parts: list[Condition]) -> Condition:
    def every(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
        reasons: list[Reason] = []
        for part in parts:
            holds, why = part(trip, leg)
            if not holds:
                return False, []
            reasons += why
        return True, reasons
    return every


def _any(parts: list[Condition]) -> Condition:
    def some(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
        reasons: list[Reason] = []
        found = False
        for part in parts:
            holds, why = part(trip, leg)
            if holds:
                found = True
                reasons += why
        return found, reasons
    return some


def _flag(fact: FactDef) -> Condition:
    read, say, scope = fact.read, fact.say, fact.scope

    def check(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
        value = read(trip, leg)
        if not value:
            return False, []
        return True, [(scope, text) for text in say(trip, leg, value)]
    return check


def _number(fact: FactDef, operator: str, bound: int) -> Condition:
    read, say, scope = fact.read, fact.say, fact.scope
    at_least = operator == "at_least"

    def check(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
        value = read(trip, leg)
        if value is None or (value < bound if at_least else value >= bound):
            return False, []
        return True, [(scope, text) for text in say(trip, leg, value)]
    return check


def _includes(fact: FactDef, wanted: frozenset[str]) -> Condition:
    read, say, scope = fact.read, fact.say, fact.scope
    is_set = fact.kind == "set"

    def check(trip: TripContext, leg: LegContext) -> tuple[bool, list[Reason]]:
        value = read(trip, leg)
        matched = [v for v in value if v in wanted] if is_set else ([value] if value in wanted else [])
        if not matched:
            return False, []
        return True, [(scope, text) for text in say(trip, leg, matched if is_set else value)]
    return check
