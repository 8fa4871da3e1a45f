"""Checklist generation speed against plain validation, and the CLI's wall time.

Goals: generating a checklist for a 3-leg trip costs at most 10x validating the itinerary
with pydantic, and `travelprep checklist` answers in under 0.5 s including start-up.

The engine remembers nothing between calls, so the same trip again costs what a new one does;
the second figure shows it on trips whose first leg goes to a region never asked about before
in this process.
"""

from __future__ import annotations

import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from datetime import date
from pathlib import Path

import pycountry
import yaml

from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import Itinerary, parse_itinerary
from travelprep.engine.rules.rulebook import load_rulebook

TODAY = date(2026, 11, 21)
THREE_LEGS = {
    "traveler": {
        "name": "Ada Lovelace",
        "email": "ada@example.edu",
        "role": "faculty",
        "citizenships": ["US", "GB"],
    },
    "departure": "2027-03-09",
    "return": "2027-03-20",
    "legs": [
        {"country": "FR", "city": "Paris", "arrive": "2027-03-10", "depart": "2027-03-12"},
        {"country": "RU", "city": "Moscow", "arrive": "2027-03-12", "depart": "2027-03-15"},
        {"country": "CN", "city": "Beijing", "arrive": "2027-03-15", "depart": "2027-03-19"},
    ],
    "purposes": ["conference", "research"],
    "activities": {"informal_collaboration": True, "presenting": True, "foreign_compensation": True},
    "carrying": {"devices": ["laptop", "phone"], "data": ["public", "export_controlled"]},
    "institutions": ["Fudan University"],
}


def per_second(*actions, rounds: int = 9, calls: int = 200) -> list[float]:
    """Calls per CPU-second of each action, best of several rounds taken in turn.

    CPU time rather than wall time, and the actions measured in alternation, so that other
    work on this 2-core machine weighs on each alike and the ratios within one run hold.
    """
    best = [float("inf")] * len(actions)
    for _ in range(rounds):
        for n, action in enumerate(actions):
            best[n] = min(best[n], timeit.timeit(action, number=calls, timer=time.process_time))
    return [calls / b for b in best]


def unseen_places(count: int) -> list[dict]:
    """`count` 3-leg itineraries (as data) whose first leg goes to a region no trip has gone to yet."""
    regions = sorted(s.code for s in pycountry.subdivisions if s.country_code not in ("FR", "RU", "CN"))
    found = []
    for region in regions[:count]:
        legs = [dict(leg) for leg in THREE_LEGS["legs"]]
        legs[0] |= {"country": region.split("-")[0], "region": region, "city": None}
        found.append(THREE_LEGS | {"legs": legs})
    return found


def main() -> None:
    rulebook = load_rulebook()
    itinerary = parse_itinerary(THREE_LEGS)
    rounds, calls = 9, 200
    unseen = unseen_places(rounds * calls)
    # Each never seen trip is validated and generated once, in the same round: the goal compares
    # a trip's generation with the validation of the same itinerary.
    fresh, fresh_data = iter([parse_itinerary(data) for data in unseen]), iter(copy.deepcopy(unseen))
    # The goal's baseline is pydantic's validation alone; parse_itinerary adds the checks across
    # fields (dates in order, a city of a region with facts of its own) that the API runs too.
    validate, parsed, generate, both, unseen_validate, unseen_generate = per_second(
        lambda: Itinerary.model_validate(THREE_LEGS),
        lambda: parse_itinerary(THREE_LEGS),
        lambda: generate_checklist(itinerary, rulebook, TODAY),
        lambda: generate_checklist(parse_itinerary(THREE_LEGS), rulebook, TODAY),
        lambda: Itinerary.model_validate(next(fresh_data)),
        lambda: generate_checklist(next(fresh), rulebook, TODAY),
        rounds=rounds,
        calls=calls,
    )
    print(f"validate 3-leg itinerary (pydantic):  {validate:10,.0f} /s")
    print(f"parse_itinerary (pydantic + checks):  {parsed:10,.0f} /s")
    print(f"generate checklist (pre-validated):   {generate:10,.0f} /s")
    print(f"parse + generate:                     {both:10,.0f} /s")
    print(f"generation cost / validation cost:    {validate / generate:10.2f}x  (goal <= 10x)")
    print(
        f"first leg to a place never seen:      {unseen_validate / unseen_generate:10.2f}x  "
        f"its own validation (goal <= 10x; {validate / unseen_generate:.2f}x the 3-leg trip's, "
        f"{unseen_generate:,.0f} /s)"
    )
    print(f"generation cost / parse_itinerary:    {parsed / generate:10.2f}x")

    with tempfile.TemporaryDirectory() as folder:
        trip = Path(folder) / "trip.yaml"
        trip.write_text(yaml.safe_dump(THREE_LEGS))
        command = [
            str(Path(sys.executable).with_name("travelprep")),
            "checklist",
            str(trip),
            "--today",
            "2026-11-21",
        ]
        # As installed: a wheel's modules are compiled once, so the CLI never compiles its
        # sources per run, even where the developer's shell sets PYTHONDONTWRITEBYTECODE.
        installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(command, capture_output=True, check=True, env=installed)  # warm caches
        walls = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=installed)
            walls.append(time.perf_counter() - start)
        baseline = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
            baseline.append(time.perf_counter() - start)
    median, python = statistics.median(walls), statistics.median(baseline)
    print(f"`travelprep checklist` wall time:     {median * 1000:10.0f} ms median of 10  (goal < 500 ms)")
    print(f"bare `python -c pass`:                {python * 1000:10.0f} ms  (ratio {median / python:.1f}x)")
