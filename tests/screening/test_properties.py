"""Properties: every listed name matches itself, whatever its case or spacing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.screening.samples import CHECKLISTS
from travelprep.screening.lists.shipped import load_shipped_lists

ENTITIES = [e for lst in load_shipped_lists(CHECKLISTS) for e in lst.entities]
NAMES = [(e.entity_id, n) for e in ENTITIES for n in (e.name, *e.aliases)]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.sampled_from(NAMES))
def test_every_listed_name_matches_its_entity_at_full_score(shipped_screener, entry):
    entity_id, name = entry
    hits = shipped_screener.screen([name])[0].hits
    assert entity_id in {i for m in hits if m.score == 1.0 for i in (m.entity_id, *m.also_entity_ids)}


@FAST
@given(
    st.sampled_from(NAMES),
    st.lists(st.booleans(), min_size=80, max_size=80),
    st.sampled_from([" ", "  ", "\t", " \u3000 "]),
)
def test_case_and_spacing_do_not_change_the_result(shipped_screener, entry, upper, gap):
    _, name = entry
    recased = "".join(c.upper() if u else c.lower() for c, u in zip(name, upper * 4, strict=False))
    respaced = f"{gap}{gap.join(recased.split())}{gap}"
    plain, varied = shipped_screener.screen([name, respaced])
    assert _by_words(plain) == _by_words(varied)


@FAST
@given(st.text(min_size=0, max_size=40))
def test_any_text_screens_without_error(shipped_screener, text):
    result = shipped_screener.screen([text])[0]
    assert result.query == text and all(0.0 <= m.score <= 1.0 for m in result.matches)


def _by_words(result) -> list[tuple[str, float]]:
    """Matches on words: an abbreviation inside a longer name counts only when capitalized
    ("CETC Cyberspace Security Technology" also names CETC), so recasing may drop those."""
    return [(m.entity_id, m.score) for m in result.matches if not m.why.startswith("Matched abbreviation")]
