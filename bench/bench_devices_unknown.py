"""What "devices not said" costs: the engine evaluates such a trip twice (as it stands, and with
a laptop and phone) to keep the device items pending. Measured against the same trip with its
devices answered, in the same process and alternating, so the ratio holds on a busy machine.
"""

from __future__ import annotations

from bench.bench_checklist import THREE_LEGS, TODAY, per_second
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.rules.rulebook import load_rulebook


def main() -> None:
    rulebook = load_rulebook()
    answered = parse_itinerary(THREE_LEGS)
    unknown = parse_itinerary(THREE_LEGS | {"carrying": {"data": ["public", "export_controlled"]}})
    pending = sum(i.needs_answer for i in generate_checklist(unknown, rulebook, TODAY).items)
    known, unsaid = per_second(
        lambda: generate_checklist(answered, rulebook, TODAY),
        lambda: generate_checklist(unknown, rulebook, TODAY),
    )
    print(f"3-leg checklist, devices answered:    {known:10,.0f} /s")
    print(f"3-leg checklist, devices not said:    {unsaid:10,.0f} /s  ({pending} items pending an answer)")
    print(f"cost of not saying / answered:        {known / unsaid:10.2f}x")
