"""A rulebook's conditions compiled together into two plain functions: one pass per trip, one per leg.

The rules name the same facts again and again (the place's risk, the devices taken). Compiled
one condition at a time, a 3-leg trip costs a Python call per node of every condition on every
leg. Compiled together, each fact is read once per leg (a trip fact once per trip), each atom
is tested once, and every condition is one expression over those results.

A pass answers, per condition, nothing where it does not hold, else each leg where it holds as
`(leg, its leg reasons, the trip's reasons)`, each reason a list of texts. A reason is worded
where a condition first gives it, and kept in a local for the rest of the pass: the same fact
on the same leg (or a trip fact on any leg) is worded once, however many rules give it. A trip
reason is given on the first leg where the condition holds, and on every leg where it comes
from the part of an `any` that names a leg fact (it may hold on a later leg only). Where the
parts of an `any` give reasons of both kinds, the answer is `(leg, MIXED, [(texts, is a leg
reason), ...])`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from travelprep.engine.rules.conditions import Condition, Shape
from travelprep.engine.rules.fact_definition import names_leg

Texts = list[str]
# (leg, leg reasons, trip reasons); with an `any` mixing both, (leg, MIXED, [(texts, on_leg)]).
Entry = tuple[Any, Any, Any]
MIXED: list[Texts] = []  # the marker of an answer whose reasons say their own scope
NAMED: Texts = [""]  # the reason of a fact that only names its leg (`destination.foreign`)
ONLY_NAMED = (NAMED,)  # the leg reasons of an answer that only names its leg: one shared tuple

# Lines that end a pass, and the names they use (Plan's `finish`).
Finish = tuple[list[str], dict[str, Any]]

# A reason in a condition's list: ("one", texts expression, is a leg reason), or ("some", holds,
# items, whether it names a leg fact) for the parts of an `any`, which give their reasons only
# where they hold.
Item = tuple


class _Source:
    """The two functions' source, with the readers, sayers and value sets they refer to."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "MIXED": MIXED,
            "NAMED": NAMED,
            "ONLY_NAMED": ONLY_NAMED,
            "NONE": (),
        }
        self.facts: dict[str, int] = {}  # fact name -> its reader's number
        self.atoms: dict[Any, tuple[str, str]] = {}  # atom -> (whether it holds, its texts)
        self.reasons: dict[Any, int] = {}  # fact, set atom or negation -> its reason's number
        self.leg_reasons: list[int] = []  # the reasons worded afresh on each leg
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
            # An attribute path (names only, checked by FactDef) is read in place: no call.
            read = fact.path or f"{self._name('R', number, fact.read)}(trip, leg)"
            self._lines(fact.scope).append(f"    f{number} = {read}")
        return f"f{number}"

    def _lines(self, scope: str) -> list[str]:
        return self.leg_lines if scope == "leg" else self.trip_lines

    def _worded(self, what: Any, say: Any, scope: str, value: str) -> str:
        """The reason's texts: worded where first given, then taken from its local."""
        number = self.reasons.get(what)
        if number is None:
            number = self.reasons[what] = len(self.reasons)
            if scope == "leg":
                self.leg_reasons.append(number)
        sayer = self._name("S", number, say)
        return f"(w{number} if w{number} is not None else (w{number} := {sayer}(trip, leg, {value})))"

    def atom(self, shape: Shape) -> tuple[str, str]:
        """Whether the atom holds, and its reason's texts, as expressions."""
        found = self.atoms.get(shape)
        if found is not None:
            return found
        kind, fact = shape[0], shape[1]
        value = self._read(fact)
        slot = len(self.atoms)
        lines = self._lines(fact.scope)
        if kind == "number":
            sign = ">=" if shape[2] == "at_least" else "<"
            lines.append(f"    h{slot} = {value} is not None and {value} {sign} {shape[3]!r}")
            holds = f"h{slot}"
        elif kind == "choice":
            lines.append(f"    h{slot} = {value} in {self._name('W', slot, shape[2])}")
            holds = f"h{slot}"
        elif kind == "set":  # the reason names only the wanted values it holds ("a laptop")
            wanted = self._name("W", slot, shape[2])
            # Most sets hold none of the wanted values: a disjoint test answers those in C.
            kept = f"tuple(filter({wanted}.__contains__, {value}))"
            lines.append(f"    s{slot} = () if {wanted}.isdisjoint({value}) else {kept}")
            holds = value = f"s{slot}"
        else:
            holds = value
        if fact.say is names_leg:  # no words: the leg's label is the reason
            texts = "NAMED"
        else:
            # Atoms of one fact say the same of the same value: one reason, worded once. A set
            # atom's value is the part of the set it wants, so its reason is its own.
            texts = self._worded(shape if kind == "set" else fact.name, fact.say, fact.scope, value)
        found = self.atoms[shape] = (holds, texts)
        return found

    def condition(self, shape: Shape) -> tuple[str, list[Item]]:
        """Whether it holds, and the items of its reasons list, as Python expressions."""
        kind = shape[0]
        if kind == "all":
            parts = [self.condition(part) for part in shape[1]]
            holds = " and ".join(f"({h})" for h, _ in parts) or "True"
            return holds, [item for _, items in parts for item in items]
        if kind == "any":
            parts = [self.condition(part) for part in shape[1]]
            holds = " or ".join(f"({h})" for h, _ in parts)
            # Every part that holds gives its reasons, in order; whether it holds may differ
            # from leg to leg when it names a leg fact.
            return holds, [
                ("some", h, items, _names_leg(part))
                for part, (h, items) in zip(shape[1], parts, strict=True)
                if items
            ]
        if kind == "not":
            inner, _ = self.condition(shape[1])
            said = shape[2]
            if not said:
                return f"not ({inner})", []
            say, scope, _ = said
            return f"not ({inner})", [("one", self._worded(said, say, scope, "None"), scope == "leg")]
        fact = shape[1]
        if fact.condition is not None:  # the same facts' atoms, shared with the rules that name them
            return self.condition(fact.condition.shape)
        holds, texts = self.atom(shape)
        return holds, [("one", texts, fact.scope == "leg")]


def _names_leg(shape: Shape) -> bool:
    """Whether the condition reads a fact of the leg, so may hold on one leg and not another."""
    kind = shape[0]
    if kind in ("all", "any"):
        return any(_names_leg(part) for part in shape[1])
    if kind == "not":
        return _names_leg(shape[1])
    return shape[1].scope == "leg"  # a fact compiled in place (the loaner trigger) is a leg's


def _same_on_every_leg(item: Item) -> bool:
    """Whether the item gives the same reasons on every leg where its condition holds: not so
    for the part of an `any` that holds only where a leg fact allows it."""
    return item[0] == "one" or (not item[3] and all(map(_same_on_every_leg, item[2])))


def _scope(item: Item) -> bool | None:
    """True if the item gives only leg reasons, False if only trip reasons, None if both."""
    if item[0] == "one":
        return item[2]
    scopes = {_scope(part) for part in item[2]}
    return scopes.pop() if len(scopes) == 1 else None


def _written(item: Item, paired: bool) -> str:
    """The item as an expression in a list: its texts, or (texts, on_leg) when `paired`."""
    if item[0] == "one":
        return f"({item[1]}, {item[2]})" if paired else item[1]
    return f"*(({', '.join(_written(part, paired) for part in item[2])},) if ({item[1]}) else ())"


def _listed(items: list[Item], paired: bool = False) -> str:
    # Tuples, not lists: small tuples are the cheapest to make and to free.
    return f"({', '.join(_written(item, paired) for item in items)},)" if items else "()"


class Plan:
    """Where each condition holds on a trip, with its reasons, from one pass over its legs."""

    def __init__(self, conditions: Sequence[Condition], finish: Finish) -> None:
        """`finish`: the source lines that end the pass (they read condition n's answer as
        `c<n>`, and return what the pass gives), and the names they use."""
        source = _Source()
        on_trip, on_legs = [], []
        for number, condition in enumerate(conditions):
            holds, items = source.condition(condition.shape)
            scopes = [_scope(item) for item in items]
            if None in scopes:
                entry = f"(leg, MIXED, {_listed(items, paired=True)})"
            else:
                of_leg = _listed([item for item, on_leg in zip(items, scopes, strict=True) if on_leg])
                trip_items = [item for item, on_leg in zip(items, scopes, strict=True) if not on_leg]
                of_trip = _listed(trip_items)
                if of_leg == "(NAMED,)":
                    of_leg = "ONLY_NAMED"
                if condition.per_leg and trip_items and all(map(_same_on_every_leg, trip_items)):
                    of_trip = f"() if c{number} else {of_trip}"  # the same on every leg: given once
                entry = f"(leg, {of_leg}, {of_trip})"
            if condition.per_leg:
                on_legs.append(f"        if {holds}:\n            c{number}.append({entry})")
            else:  # trip facts alone: the first leg answers for all, once
                on_trip.append(f"    c{number} = [{entry}] if ({holds}) else NONE")
        trip_reasons = [n for n in range(len(source.reasons)) if n not in source.leg_reasons]
        lines = ["def run(trip):", "    legs = trip.legs", "    leg = legs[0]"]
        lines += [f"    {' = '.join(f'w{n}' for n in trip_reasons)} = None"] if trip_reasons else []
        lines += source.trip_lines + on_trip
        lines += [f"    c{n} = []" for n, c in enumerate(conditions) if c.per_leg]
        lines.append("    for leg in legs:")
        if source.leg_reasons:  # a leg's reasons are worded afresh on each leg
            lines.append(f"        {' = '.join(f'w{n}' for n in source.leg_reasons)} = None")
        lines += ["    " + line for line in source.leg_lines] + on_legs
        if lines[-1] == "    for leg in legs:":
            lines.append("        pass")
        lines += finish[0]
        source.namespace.update(finish[1])
        self.source = "\n".join(lines)
        code = compile(self.source, "<rulebook conditions>", "exec")
        exec(code, source.namespace)  # noqa: S102 - source built above from the rulebook's checked data
        self._run = source.namespace["run"]

    def run(self, trip: Any) -> Any:
        """What the `finish` lines return from the answers: per condition, the legs where it
        holds, each with its reasons; empty if none.

        The texts lists are shared by every answer that gives the same reason: never change them.
        """
        return self._run(trip)
