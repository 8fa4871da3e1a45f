"""The index proposes the same hits as scoring every entry, while touching a small fraction."""

from __future__ import annotations

import random
from bisect import bisect_left

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic_csl import synthetic_entities
from tests.screening.samples import CHECKLISTS
from travelprep.screening import index as index_module
from travelprep.screening.entities import ListedEntity
from travelprep.screening.lists.shipped import load_shipped_lists
from travelprep.screening.matcher import IndexScreener, _query_forms, forms_of
from travelprep.screening.scoring import agree, query_pieces
from travelprep.screening.token_table import TokenTable, token_table_arrays


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


def test_a_query_of_common_words_reads_few_of_their_records(mixed, monkeypatch):
    (part,) = mixed.lists
    index = part.index

    def postings(word: str) -> int:
        (token,) = index.tokens.ids_of([word])
        return int(index.posting_offsets[token + 1] - index.posting_offsets[token])

    assert postings("technology") > 200 and postings("university") > 200  # common here
    # Near misses looked for among the rarest word's records only: the common words'
    # records are not read, only those filed under them as their rarest distinctive word.
    monkeypatch.setattr(index_module, "NEAR_MISS_PER_TOKEN", 0)
    mixed.screen(["Shenzhen University of Technology"])
    assert 0 < index.last_gathered <= postings("shenzhen") < 100


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet="abcé北京xyz", min_size=1, max_size=12), min_size=1, max_size=40, unique=True),
    st.lists(st.text(alphabet="abcé北京xyz", min_size=1, max_size=12), min_size=1, max_size=10),
)
def test_a_prefix_is_found_where_bisection_of_the_texts_puts_it(vocabulary, prefixes):
    ordered = sorted(vocabulary)
    table = TokenTable(token_table_arrays(ordered))
    assert list(table) == ordered
    assert table.starts_of(prefixes) == [bisect_left(ordered, p) for p in prefixes]
    assert table.ids_of([*ordered, *prefixes]) == [
        *range(len(ordered)),
        *(ordered.index(p) if p in ordered else None for p in prefixes),
    ]
