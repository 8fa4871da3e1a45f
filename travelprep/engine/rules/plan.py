"""A rulebook's conditions compiled together into two plain functions: one pass per trip, one per leg.

The rules name the same facts again and again (the place's risk, the devices taken). Compiled
one condition at a time, a 3-leg trip costs a Python call per node of every condition on every
leg. Compiled together, each fact is read once per leg (a trip fact once per trip), each atom
is tested once, and every condition is one expression over those results.

A pass answers, per condition, nothing where it does not hold, else its reasons in order, as
refs `(key, say, value, on_leg)` (`NAMES_LEG` for a fact that only names its leg); a trip
reason is given on the first leg where the condition holds, and again on the others only where
an `any` may change it. Within one call, `key` names a reason: the same atom on the same leg
(or a trip atom on any leg) is the same reason, so evaluate.py words it once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from travelprep.engine.rules.conditions import Condition, Shape
from travelprep.engine.rules.vocabulary import names_leg

Ref = tuple[int, Callable[..., list[str]] | None, Any, bool]
# The ref of a fact that only names its leg (`destination.foreign`): nothing to word.
NAMES_LEG: Ref = (-1, None, None, True)
Said = list[Ref] | None


class _Source:
    """The two functions' source, with the readers, sayers and value sets they refer to."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"NAMES_LEG": NAMES_LEG, "NONE": ()}
        self.facts: dict[str, int] = {}  # fact name -> its reader's number
        self.slots: dict[Any, int] = {}  # atom -> the number of the local holding its reason
        self.reasons: dict[Any, int] = {}  # fact, set atom or negation -> its reason's number
        self.trip_lines: list[str] = []
        self.leg_lines: list[str] = []

    def _name(self, prefix: str, number: int, value: Any) -> str:
        name = f"{prefix}{number}"
        self.namespace[name] = value
        return name

    def _read(self, fact: Any) -> str:
        """The local holding the fact's value, read once in the pass of its scope."""
        number = self.facts.get(fact.name)
        if number is None:
            number = self.facts[fact.name] = len(self.facts)
            if fact.expression:  # the reader's own expression, written in place of a call
                value = f"({fact.expression})"
            else:
                value = f"{self._name('R', number, fact.read)}(trip, leg)"
            self._lines(fact.scope).append(f"    f{number} = {value}")
        return f"f{number}"

    def _lines(self, scope: str) -> list[str]:
        return self.leg_lines if scope == "leg" else self.trip_lines

    def _key(self, slot: int, scope: str) -> str:
        return f"n + {slot}" if scope == "leg" else str(slot)

    def atom(self, shape: Shape) -> str:
        """The local holding the atom's reason where it holds, else None."""
        slot = self.slots.get(shape)
        if slot is not None:
            return f"r{slot}"
        kind, fact = shape[0], shape[1]
        value = self._read(fact)
        slot = self.slots[shape] = len(self.slots)
        lines = self._lines(fact.scope)
        if kind == "number":
            sign = ">=" if shape[2] == "at_least" else "<"
            holds = f"{value} is not None and {value} {sign} {shape[3]!r}"
        elif kind == "choice":
            holds = f"{value} in {self._name('W', slot, shape[2])}"
        elif kind == "set":  # the reason names only the wanted values it holds ("a laptop")
            wanted = self._name("W", slot, shape[2])
            # Most sets hold none of the wanted values: a disjoint test answers those in C.
            kept = f"tuple(filter({wanted}.__contains__, {value}))"
            lines.append(f"    s{slot} = () if {wanted}.isdisjoint({value}) else {kept}")
            holds = value = f"s{slot}"
        else:
            holds = value
        # Atoms of one fact say the same of the same value: one reason, worded once. A set
        # atom's value is the part of the set it wants, so its reason is its own.
        if fact.say is names_leg:  # no words to look up: the leg's label is the reason
            lines.append(f"    r{slot} = NAMES_LEG if {holds} else None")
            return f"r{slot}"
        reason = self._reason(shape if kind == "set" else fact.name)
        say = self._name("S", reason, fact.say)
        on_leg = fact.scope == "leg"
        ref = f"({self._key(reason, fact.scope)}, {say}, {value}, {on_leg})"
        lines.append(f"    r{slot} = {ref} if {holds} else None")
        return f"r{slot}"

    def _reason(self, what: Any) -> int:
        number = self.reasons.get(what)
        if number is None:
            number = self.reasons[what] = len(self.reasons)
        return number

    def negated(self, said: tuple) -> str:
        say, scope, _ = said
        reason = self._reason(said)
        return f"({self._key(reason, scope)}, {self._name('S', reason, say)}, None, {scope == 'leg'})"

    def condition(self, shape: Shape) -> tuple[str, list[tuple[str, bool | None]]]:
        """Whether it holds, and the items of its reasons list, as Python expressions.

        Each item comes with whether it is a leg's reason (None: either, from an `any`).
        """
        kind = shape[0]
        if kind == "all":
            parts = [self.condition(part) for part in shape[1]]
            holds = " and ".join(f"({h})" for h, _ in parts) or "True"
            return holds, [item for _, items in parts for item in items]
        if kind == "any":
            parts = [self.condition(part) for part in shape[1]]
            holds = " or ".join(f"({h})" for h, _ in parts)
            # Every part that holds gives its reasons, in order.
            items = [(f"*(({', '.join(e for e, _ in i)},) if ({h}) else ())", None) for h, i in parts if i]
            return holds, items
        if kind == "not":
            inner, _ = self.condition(shape[1])
            said = shape[2]
            return f"not ({inner})", [(self.negated(said), said[1] == "leg")] if said else []
        fact = shape[1]
        if fact.condition is not None:  # the same facts' atoms, shared with the rules that name them
            return self.condition(fact.condition.shape)
        ref = self.atom(shape)
        return ref, [(ref, fact.scope == "leg")]


class Plan:
    """Where each condition holds on a trip, with its reasons, from one pass over its legs."""

    def __init__(self, conditions: Sequence[Condition]) -> None:
        source = _Source()
        answers, on_trip, on_legs = [], [], []
        for number, condition in enumerate(conditions):
            holds, items = source.condition(condition.shape)
            said = f"[{', '.join(e for e, _ in items)}]"
            if condition.per_leg:
                if all(on_leg is not None for _, on_leg in items) and not all(on_leg for _, on_leg in items):
                    # Without an `any`, its trip reasons are the same on every leg: given once.
                    of_leg = f"[{', '.join(e for e, on_leg in items if on_leg)}]"
                    said = f"{said} if not c{number} else {of_leg}"
                on_legs.append(f"        if {holds}:\n            c{number}.append((leg, {said}))")
                answers.append(f"c{number}")
            else:  # trip facts alone: the first leg answers for all, once
                on_trip.append(f"    c{number} = [(leg, {said})] if ({holds}) else NONE")
                answers.append(f"c{number}")
        lines = ["def run(trip):", "    legs = trip.legs", "    leg = legs[0]", *source.trip_lines]
        lines += on_trip
        lines += [f"    c{n} = []" for n, c in enumerate(conditions) if c.per_leg]
        lines += ["    for leg in legs:", f"        n = leg.number * {len(source.reasons)}"]
        lines += ["    " + line for line in source.leg_lines] + on_legs
        lines.append(f"    return [{', '.join(answers)}]")
        self.source = "\n".join(lines)
        self._reasons_per_leg = len(source.reasons)
        code = compile(self.source, "<rulebook conditions>", "exec")
        exec(code, source.namespace)  # noqa: S102 - source built above from the rulebook's checked data
        self._run = source.namespace["run"]

    def keys_for(self, legs: int) -> int:
        """How many reason keys a trip of so many legs can have: 0 up to this, excluded."""
        return self._reasons_per_leg * (legs + 1)

    def run(self, trip: Any) -> list[list[tuple[Any, list[Ref]]] | tuple[()]]:
        """Per condition, the legs where it holds, each with its reasons (new lists); empty if none."""
        return self._run(trip)
