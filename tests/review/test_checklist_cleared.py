"""generate_checklist(cleared=...): pure, and only the cleared (name, entity) pairs go quiet."""

from tests.builders import TODAY
from tests.review.conftest import LISTED
from tests.review.helpers import ENTITY
from tests.support.fixtures import itinerary_data
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.screening.clearance import query_key

MATCH = "restricted-party-match"


def _cleared(entity: str = ENTITY) -> frozenset[tuple[str, str]]:
    return frozenset({(query_key(LISTED), entity)})


def _ids(checklist) -> set[str]:
    return {item.id for item in checklist.items}


def test_no_decisions_gives_the_same_checklist(rulebook):
    itinerary = parse_itinerary(itinerary_data(institutions=[LISTED]))
    assert generate_checklist(itinerary, rulebook, TODAY, cleared=frozenset()) == generate_checklist(
        itinerary, rulebook, TODAY
    )


def test_a_cleared_pair_drops_the_match_and_the_item(rulebook):
    itinerary = parse_itinerary(itinerary_data(institutions=[LISTED]))
    checklist = generate_checklist(itinerary, rulebook, TODAY, cleared=_cleared())
    assert MATCH not in _ids(checklist)
    assert [r.matches for r in checklist.screening] == [()]


def test_another_name_for_the_same_entity_still_fires(rulebook):
    itinerary = parse_itinerary(itinerary_data(institutions=[LISTED, "哈尔滨工业大学"]))
    checklist = generate_checklist(itinerary, rulebook, TODAY, cleared=_cleared())
    assert MATCH in _ids(checklist)
    assert [len(r.hits) for r in checklist.screening] == [0, 1]


def test_a_pair_for_another_entity_changes_nothing(rulebook):
    itinerary = parse_itinerary(itinerary_data(institutions=[LISTED]))
    checklist = generate_checklist(itinerary, rulebook, TODAY, cleared=_cleared("csl:x"))
    assert MATCH in _ids(checklist)
