"""Checklist generation speed against plain validation, and the CLI's wall time.

Goals (issue 2): generating a checklist costs no more than 3x validating the itinerary
with pydantic, and `travelprep checklist` answers in under 0.5 s including start-up.

Rule outcomes are memoized per kind of trip (rule_outcomes.py), so two figures are given:
a trip of a kind seen before (someone else's trip to the same places, or the same trip
again), and a trip of a new kind, with the memo emptied before every call.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import yaml

from travelprep.engine.checklist import generate_checklist
from travelprep.engine.evaluate import KINDS_KEPT
from travelprep.engine.geography import country_names
from travelprep.engine.itinerary import parse_itinerary
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


def per_second(action, rounds: int = 7, calls: int = 300) -> float:
    """Calls per CPU-second of `action`, best of several rounds.

    CPU time rather than wall time, so other work on this 2-core machine does not skew
    the ratio between two measurements taken in the same run.
    """
    best = min(timeit.repeat(action, number=calls, repeat=rounds, timer=time.process_time))
    return calls / best


def memo_bytes_per_kind(rulebook, kinds: int = 150) -> float:
    """Memory the memo keeps for one more kind of trip (a first leg to another country)."""
    countries = [code for code in sorted(country_names()) if code not in ("FR", "RU", "CN")][:kinds]
    rulebook.outcomes.forget()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for country in countries:
        legs = [dict(leg) for leg in THREE_LEGS["legs"]]
        legs[0] |= {"country": country, "city": None}
        generate_checklist(parse_itinerary(THREE_LEGS | {"legs": legs}), rulebook, TODAY)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return grown / len(countries)


def main() -> None:
    rulebook = load_rulebook()
    itinerary = parse_itinerary(THREE_LEGS)
    validate = per_second(lambda: parse_itinerary(THREE_LEGS))
    generate = per_second(lambda: generate_checklist(itinerary, rulebook, TODAY))
    both = per_second(lambda: generate_checklist(parse_itinerary(THREE_LEGS), rulebook, TODAY))
    someone_else = parse_itinerary(THREE_LEGS | {"traveler": THREE_LEGS["traveler"] | {"name": "Bo"}})
    days = itertools.cycle([TODAY - timedelta(days=n) for n in range(101)])  # more than are kept
    other = per_second(lambda: generate_checklist(someone_else, rulebook, next(days)))

    def new_kind() -> None:
        rulebook.outcomes.forget()
        generate_checklist(itinerary, rulebook, TODAY)

    cold = per_second(new_kind)
    print(f"validate 3-leg itinerary (pydantic):  {validate:10,.0f} /s")
    print(f"generate checklist (pre-validated):   {generate:10,.0f} /s  (a trip of a kind seen before)")
    print(f"validate + generate:                  {both:10,.0f} /s")
    print(f"generation cost / validation cost:    {validate / generate:10.2f}x  (goal <= 3x)")
    print(f"same kind, other traveler, new day:   {validate / other:10.2f}x  (unchanged items reused)")
    print(f"a trip of a new kind (memo emptied):  {validate / cold:10.2f}x  ({cold:,.0f} /s)")
    per_kind = memo_bytes_per_kind(rulebook)
    print(
        f"memo memory per kind of trip:         {per_kind / 1024:10.0f} KB  "
        f"(at most {KINDS_KEPT} kinds: {per_kind * KINDS_KEPT / 2**20:.0f} MB)"
    )

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
        subprocess.run(command, capture_output=True, check=True)  # warm the file cache
        walls = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
        baseline = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
            baseline.append(time.perf_counter() - start)
    median, python = statistics.median(walls), statistics.median(baseline)
    print(f"`travelprep checklist` wall time:     {median * 1000:10.0f} ms median of 10  (goal < 500 ms)")
    print(f"bare `python -c pass`:                {python * 1000:10.0f} ms  (ratio {median / python:.1f}x)")
