"""Which rules fire on a trip, how urgently, and why: evaluated afresh on every call.

The rules' conditions were compiled together once, with the rulebook (rules/plan.py): a pass
over the trip and each leg answers where each condition holds, with its reasons worded once a
call however many rules share them. The pass ends with this module's choice of the rules that
fire, written out per rule: no loop over the rules that do not.
"""

from __future__ import annotations

from typing import Any

from travelprep.engine.context import TripContext
from travelprep.engine.rules.conditions import all_of
from travelprep.engine.rules.items import Priority, Rule
from travelprep.engine.rules.plan import MIXED, ONLY_NAMED, Entry, Plan

# One rule that fires on the trip, with its priority and its reasons as the checklist shows
# them ("Leg 1: Shanghai, China — ..." per leg, then the trip's own sentences): a plain tuple,
# as a checklist makes one per item.
Fired = tuple[Rule, Priority, list[str]]


class Evaluator:
    """A set of rules with their conditions compiled together: made once, used for every trip."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        conditions = [rule.when for rule in rules]
        finish = ["    fired = []"]
        names: dict[str, Any] = {"REASONS": _reasons, "MERGED": _merged_reasons, "REQUIRED": REQUIRED}
        # The answers of the rules' `when`s come first, then those of their `required_when`s.
        for number, rule in enumerate(rules):
            names[f"RULE{number}"], names[f"P{number}"] = rule, rule.spec.priority
            names[f"WHY{number}"] = rule.spec.why  # when no reason has words of its own
            found, why, chosen = f"c{number}", f"[WHY{number}]", f"RULE{number}"
            if rule.lead_when is not None:  # dated only where it fires and its lead time holds
                names[f"UNDATED{number}"] = rule.undated()
                chosen = f"(RULE{number} if c{len(conditions)} else UNDATED{number})"
                conditions.append(all_of(rule.lead_when, rule.when))
            finish.append(f"    if {found}:")
            if rule.required_when is not None and rule.spec.priority is not REQUIRED:
                upgrade = f"c{len(conditions)}"
                conditions.append(rule.required_when)
                # Required after all: its reasons come after, where they are new.
                merged = f"MERGED({found} + {upgrade}, trip) or {why}"
                finish += [
                    f"        if {upgrade}:",
                    f"            fired.append(({chosen}, REQUIRED, {merged}))",
                ]
                finish += ["        else:", f"    {_append(number, chosen)}"]
            else:
                finish.append(_append(number, chosen))
        finish.append("    return fired")
        self._plan = Plan(conditions, (finish, names))

    def fired(self, trip: Any) -> list[Fired]:
        """Every rule that fires on the trip (or visit), in rulebook order."""
        return self._plan.run(trip)


def _append(number: int, rule: str) -> str:
    return f"        fired.append(({rule}, P{number}, REASONS(c{number}, trip) or [WHY{number}]))"


REQUIRED = Priority.required


def _reasons(found: list[Entry], trip: TripContext) -> list[str]:
    """Each leg's reasons under its label, then the trip's reasons once, each without repeats.

    One condition names each leg at most once, in order, so each leg's line is made in turn.
    A leg reason without words (`destination.foreign`) still names its leg. The loops are
    written out, not called: this runs for most reasons of every trip.
    """
    lines = []
    on_trip = None  # the trip's reasons, made when the first one comes
    for leg, of_leg, of_trip in found:
        if of_leg is MIXED:  # from an `any`: each reason says its scope
            of_leg, of_trip = _unmixed(of_trip)
        if of_leg is ONLY_NAMED:  # the leg's label is its line
            lines.append(leg.label)
        elif len(of_leg) == 1 and len(of_leg[0]) == 1:  # one reason of one sentence: the most
            text = of_leg[0][0]
            lines.append(f"{leg.label} — {text}" if text else leg.label)
        elif of_leg:
            mine = None  # this leg's reasons, made when the first one has words
            for texts in of_leg:
                if texts:
                    if mine is None:
                        mine = []
                    for text in texts:
                        if text and text not in mine:
                            mine.append(text)
            if mine is not None:
                lines.append(f"{leg.label} — {'; '.join(mine)}" if mine else leg.label)
        if of_trip:
            if on_trip is None:
                on_trip = []
            for texts in of_trip:
                for text in texts:
                    if text and text not in on_trip:
                        on_trip.append(text)
    if on_trip:
        for text in on_trip:
            lines.append(text[:1].upper() + text[1:])
    return lines


def _merged_reasons(found: list[Entry], trip: TripContext) -> list[str]:
    """As `_reasons`, for two conditions' answers: a leg named twice has one line, placed where
    its first worded reason comes. The trip's reasons are gathered as in `_reasons`, written out
    again: a shared helper called per rule cost 5% of a checklist's instructions."""
    legs = trip.legs
    by_leg: list[list[str] | None] = [None] * (len(legs) + 1)  # by leg number (1, 2...)
    order = []  # the leg numbers, in the order their lines come
    on_trip = None
    for leg, of_leg, of_trip in found:
        if of_leg is MIXED:  # from an `any`: each reason says its scope
            of_leg, of_trip = _unmixed(of_trip)
        number = leg.number
        if of_leg is ONLY_NAMED:
            if by_leg[number] is None:
                by_leg[number] = []
                order.append(number)
        else:
            for texts in of_leg:
                if texts:
                    mine = by_leg[number]
                    if mine is None:
                        mine = by_leg[number] = []
                        order.append(number)
                    for text in texts:
                        if text and text not in mine:
                            mine.append(text)
        if of_trip:
            if on_trip is None:
                on_trip = []
            for texts in of_trip:
                for text in texts:
                    if text and text not in on_trip:
                        on_trip.append(text)
    lines = []
    for number in order:
        label, texts = legs[number - 1].label, by_leg[number]
        lines.append(f"{label} — {'; '.join(texts)}" if texts else label)
    if on_trip:  # the trip's, once each, as its lines
        for text in on_trip:
            lines.append(text[:1].upper() + text[1:])
    return lines


def _unmixed(said: list[tuple[list[str], bool]]) -> tuple[list[list[str]], list[list[str]]]:
    """The leg's reasons and the trip's, from reasons that each say their scope."""
    return [texts for texts, on_leg in said if on_leg], [texts for texts, on_leg in said if not on_leg]
