"""What a nameable fact is (FactDef): where it lives, how it is read, how it explains itself.

The facts themselves are in vocabulary.py (a trip's), traveler_facts.py (the policy's and the
passports') and visit_facts.py (a visit's).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from string import Formatter
from typing import Any, Literal

from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.rules import wording

Scope = Literal["trip", "leg"]
Kind = Literal["flag", "number", "set", "choice"]
Reader = Callable[[TripContext, LegContext], Any]
Sayer = Callable[[TripContext, LegContext, Any], list[str]]


@dataclass(frozen=True)
class FactDef:
    """One nameable fact: where it lives, what kind of value it has, how it explains itself."""

    name: str
    scope: Scope
    kind: Kind
    read: Reader
    say: Sayer  # reasons when the fact counts towards firing an item
    say_not: Sayer | None = None  # reasons when its negation counts
    choices: frozenset[str] = frozenset()
    # A flag that is itself a condition over other facts (the policy's loaner trigger): its
    # reasons are those of the facts that make it hold, and rules/plan.py compiles it in place.
    condition: Any = None
    # The value as an attribute of the leg or the trip ("leg.place.sanctioned"), when it is
    # one: rules/plan.py reads it in place rather than calling `read`. Names only, checked.
    path: str | None = None

    def __post_init__(self) -> None:
        if self.path is not None:
            root, *names = self.path.split(".")
            if root not in ("trip", "leg") or not names or not all(map(_plain_name, names)):
                raise ValueError(f"{self.name}: {self.path!r} is not an attribute path")


def _plain_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def path_reader(path: str) -> Reader:
    """The reader of an attribute path of the leg ("leg.place.sanctioned") or of the trip."""
    root, _, names = path.partition(".")
    get = attrgetter(names)
    if root == "leg":
        return lambda trip, leg: get(leg)
    return lambda trip, leg: get(trip)


def names_leg(trip: TripContext, leg: LegContext, value: Any) -> list[str]:
    """No sentence: the fact only names the leg ("Leg 1: Shanghai, China")."""
    return [""]


def saying(template: str) -> Sayer:
    """One sentence: `{place}` is the leg's place, `{value}` the value, `{values}` its values listed."""
    if not template:
        return names_leg
    fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    if not fields:  # the same sentence whatever the value

        def say(trip: TripContext, leg: LegContext, value: Any) -> list[str]:
            return [template]

    elif fields == {"place"} and template.count("{") == 1 and template.count("}") == 1:
        before, after = template.split("{place}")  # joined, not formatted: one place per leg

        def say(trip: TripContext, leg: LegContext, value: Any) -> list[str]:
            return [before + leg.place.name + after]

    else:
        listed = "values" in fields

        def say(trip: TripContext, leg: LegContext, value: Any) -> list[str]:
            values = wording.words(value) if listed else ""
            return [template.format(place=leg.place.name, value=value, values=values)]

    return say
