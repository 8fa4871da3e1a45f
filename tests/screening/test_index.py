"""The index proposes the same hits as scoring every entry, while touching a small fraction."""

from __future__ import annotations

import random

import pytest

from bench.synthetic_csl import synthetic_entities
from tests.screening.samples import CHECKLISTS
from travelprep.screening.entities import ListedEntity
from travelprep.screening.lists.shipped import load_shipped_lists
from travelprep.screening.matcher import IndexScreener, _query_forms, forms_of
from travelprep.screening.scoring import agree, query_pieces


def _synthetic(n: int) -> list[ListedEntity]:
    return [
        ListedEntity(f"syn:{i}", name, tuple(aliases), (), "Synthetic", "https://example.org", "2026-01-01")
        for i, (name, aliases) in enumerate(synthetic_entities(n, seed=3))
    ]


@pytest.fixture(scope="module")
def mixed():
    shipped = [e for lst in load_shipped_lists(CHECKLISTS) for e in lst.entities]
    entities = shipped + _synthetic(4000)
    return IndexScreener((e, forms_of(e)) for e in entities)


def _exhaustive_hits(screener: IndexScreener, query: str) -> set[str]:
    """Entity ids that match (threshold and distinctive words) when every record is scored."""
    found = set()
    for form, _ in _query_forms(query):
        pieces = query_pieces(form)
        for part in screener.lists:
            for record in range(len(part.index)):
                if agree(form, pieces, part.index.record_form(record)).passes(screener.threshold):
                    found.add(part.entities[int(part.record_entity[record])].entity_id)
    return found


def test_index_hits_equal_exhaustive_hits(mixed):
    rng = random.Random(5)
    names = [e.name for e in rng.sample(mixed.entities, 25)]
    queries = names + [n.lower().replace("a", "", 1) for n in names[:10]]
    queries += ["Harbin Institue of Technology", "Nanjing University", "北京航空航天大学"]
    for query in queries:
        result = mixed.screen([query])[0]
        # A party on two lists is one hit; a shorter name inside a longer one is ruled out.
        found = [m for m in result.hits if not m.why.startswith("Matched abbreviation")]
        found += [m for m in result.ruled_out if "the query names that one" in m.why]
        from_index = {i for m in found for i in (m.entity_id, *m.also_entity_ids)}
        assert from_index == _exhaustive_hits(mixed, query), query


def test_a_query_touches_a_small_fraction_of_the_postings(mixed):
    mixed.screen(["Harbin Institute of Technology"])
    (part,) = mixed.lists
    assert 0 < part.index.last_gathered < 0.05 * len(part.index.postings)
