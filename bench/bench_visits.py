"""A host's checklist against validating the visit, and against a trip's checklist, in one process.

Goal: without screening, a visit checklist costs at most what a 3-leg trip's does (the visit
rules are 7, the trip's 45). With the shipped lists, as the API screens, the visit screens
three names (two affiliations and the visitor) where the trip screens one, so screening,
not the rules, sets the visit's figure (its speed is screening/'s).
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path

from bench.bench_checklist import THREE_LEGS, per_second
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.visit import parse_visit
from travelprep.engine.visit_checklist import generate_visit_checklist
from travelprep.refdata.loading import load_current_rulebook
from travelprep.screening import NoScreening

TODAY = date(2026, 11, 21)
VISIT = {
    "host": {"name": "Ada Lovelace", "email": "ada@example.edu"},
    "visitor": {
        "name": "Zhang Wei",
        "citizenships": ["CN"],
        "affiliations": [
            {"institution": "Tsinghua University", "country": "CN", "current": True},
            {"institution": "Northwestern Polytechnical University", "country": "CN"},
        ],
    },
    "arrive": "2027-09-01",
    "depart": "2028-06-30",
    "purposes": ["visiting_appointment", "lab_work"],
    "appointment": True,
    "visa": "J-1",
    "access": {"labs": True, "export_controlled": True},
    "payments": {"host_pays_visitor": True},
}


def main() -> None:
    screened = load_current_rulebook(data_dir=Path(tempfile.mkdtemp()))
    bare = dataclasses.replace(screened, screener=NoScreening())
    visit, itinerary = parse_visit(VISIT), parse_itinerary(THREE_LEGS)
    generate_visit_checklist(visit, screened, TODAY)  # builds the screening index once
    validate, host, trip, host_screened, trip_screened = per_second(
        lambda: parse_visit(VISIT),
        lambda: generate_visit_checklist(visit, bare, TODAY),
        lambda: generate_checklist(itinerary, bare, TODAY),
        lambda: generate_visit_checklist(visit, screened, TODAY),
        lambda: generate_checklist(itinerary, screened, TODAY),
    )
    items = len(generate_visit_checklist(visit, screened, TODAY).items)
    print(f"validate a visit:                    {validate:8.0f} /s")
    print(f"host's checklist, no screening:      {host:8.0f} /s  ({validate / host:.1f}x validation)")
    print(f"3-leg trip's checklist, no screening: {trip:7.0f} /s  (visit/trip {trip / host:.2f}; goal <= 1)")
    print(f"host's checklist ({items} items), 3 names screened: {host_screened:6.0f} /s")
    print(
        f"3-leg trip's checklist, 1 name screened:     {trip_screened:6.0f} /s  (visit/trip time "
        f"{trip_screened / host_screened:.2f})"
    )
