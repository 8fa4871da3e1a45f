"""A talent program the DoD Section 1286 list names, named on a trip, fires talent-program-warning
with the program named, whether or not the traveler ticked the talent-program question."""

from __future__ import annotations

import pytest

from tests.builders import item, item_ids, trip_data
from tests.screening.samples import CHECKLISTS
from travelprep.screening.entities import TALENT_PROGRAM
from travelprep.screening.lists.shipped import load_shipped_lists

WARNING = "talent-program-warning"


def _reasons(checklist) -> list[str]:
    return list(item(checklist, WARNING).reasons)


@pytest.mark.parametrize(
    ("named", "said"),
    [
        ("千人计划", "You named '千人计划': the Thousand Talents Plan,"),
        (
            "Changjiang Scholars Program",
            "You named 'Changjiang Scholars Program': the Changjiang Scholar Distinguished Professorship,",
        ),
        # The list names the Thousand Talents Plan; its youth track is matched as part of it.
        ("Young Thousand Talents Program", "the Thousand Talents Plan,"),
    ],
)
def test_a_listed_program_named_on_the_trip_fires_the_warning_naming_it(checklist_for, named, said):
    checklist = checklist_for(trip_data(institutions=[named, "Tsinghua University"]))
    (reason,) = _reasons(checklist)
    assert said in reason
    assert "a foreign talent-recruitment program that the DoD Section 1286 list" in reason
    assert "(list as of 2026-07-01)" in reason
    assert "restricted-party-match" in item_ids(checklist)  # still a hit for Research Compliance


def test_the_ticked_question_and_a_named_program_give_both_reasons(checklist_for):
    data = trip_data(institutions=["Hundred Talents Program"], activities={"talent_program": True})
    reasons = _reasons(checklist_for(data))
    assert reasons[0] == "You were invited to or take part in a foreign talent-recruitment program"
    assert "the Hundred Talents Plan," in reasons[1] and len(reasons) == 2


def test_listed_institutions_that_are_not_programs_do_not_fire_it(checklist_for):
    checklist = checklist_for(
        trip_data(institutions=["Harbin Institute of Technology", "Tsinghua University"])
    )
    assert WARNING not in item_ids(checklist) and "restricted-party-match" in item_ids(checklist)


def test_a_cleared_hit_no_longer_fires_it(rulebook):
    from tests.builders import TODAY
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary
    from travelprep.screening.clearance import query_key

    itinerary = parse_itinerary(trip_data(institutions=["Thousand Talents Plan"]))
    cleared = frozenset({(query_key("Thousand Talents Plan"), "shipped:s1286.ttp")})
    assert WARNING not in item_ids(generate_checklist(itinerary, rulebook, TODAY, cleared=cleared))


def test_every_talent_program_on_the_shipped_lists_carries_its_group():
    programs = [
        e for lst in load_shipped_lists(CHECKLISTS) for e in lst.entities if e.group == TALENT_PROGRAM
    ]
    # The six programs that Table 2 of the FY25 DoD Section 1286 list names.
    named = {"ttp", "changjiang", "hundred", "pearlriver", "rivertalents", "p5-100"}
    assert {e.entity_id for e in programs} >= {f"shipped:s1286.{key}" for key in named}
    assert all(e.source.startswith("https://") and e.as_of for e in programs)
