"""What a match says: which tokens agreed, why, and how abbreviations are treated."""

from __future__ import annotations

from tests.screening.samples import institution
from travelprep.screening.clearance import query_key, suppress_cleared
from travelprep.screening.matcher import THRESHOLD


def test_a_match_names_the_tokens_that_agreed(shipped_screener):
    match = shipped_screener.screen(["Harbin Inst. of Technology"])[0].matches[0]
    assert match.name == "Harbin Institute of Technology"
    assert set(match.matched_tokens) == {"harbin", "institute", "technology"}
    assert "agreed on harbin, institute, technology" in match.why
    assert match.source.startswith("https://") and match.as_of == "2026-11-21"


def test_a_misspelling_is_explained(shipped_screener):
    match = shipped_screener.screen(["Harbin Institue of Technology"])[0].hits[0]
    assert "'institue' as 'institute'" in match.why
    assert THRESHOLD <= match.score < 1.0


def test_an_abbreviation_alone_scores_at_the_threshold_and_says_so(shipped_screener):
    result = shipped_screener.screen(["NUAA"])[0]
    assert {institution(m.entity_id) for m in result.hits} == {"nuaa"}
    assert result.hits[0].score == result.threshold == THRESHOLD
    assert "abbreviation" in result.hits[0].why


def test_a_lowercase_word_inside_a_name_is_not_taken_for_an_abbreviation(shipped_screener):
    assert shipped_screener.screen(["Hit Records Studio"])[0].hits == ()


def test_a_department_of_a_listed_university_hits(shipped_screener):
    query = "College of Underwater Acoustic Engineering, Harbin Engineering University"
    assert institution(shipped_screener.screen([query])[0].hits[0].entity_id) == "heu"


def test_results_keep_input_order_and_rank_best_first(shipped_screener):
    queries = ["Tsinghua University", "北京航空航天大学", "NJUST"]
    results = shipped_screener.screen(queries)
    assert [r.query for r in results] == queries
    assert {institution(m.entity_id) for m in results[1].matches} == {"buaa"}
    # Nanjing University of Aeronautics and Astronautics shares 航空航天大学 but not 北京.
    ruled_out = results[1].ruled_out
    assert "nuaa" in {institution(m.entity_id) for m in ruled_out}
    assert [m.score for m in ruled_out] == sorted((m.score for m in ruled_out), reverse=True)


def test_low_confidence_names_carry_a_caveat(shipped_screener):
    match = shipped_screener.screen(["Changsha Institute of Technology"])[0].hits[0]
    assert match.entity_id == "shipped:nudt" and "confidence: low" in match.why


def test_cleared_hits_are_hidden_for_that_name_only(shipped_screener):
    results = shipped_screener.screen(["Harbin Institute of Technology", "NUAA"])
    key = query_key("harbin  institute of TECHNOLOGY")
    cleared = {(key, "shipped:hit")}
    kept = suppress_cleared(results, cleared)
    assert {m.entity_id for m in kept[0].hits} == {m.entity_id for m in results[0].hits} - {"shipped:hit"}
    assert kept[1].hits == results[1].hits


def test_a_romanized_query_says_it_met_the_chinese_name_by_its_pinyin(shipped_screener):
    match = shipped_screener.screen(["Beijing Hangkong Hangtian Daxue"])[0].hits[0]
    assert match.alias == "北京航空航天大学"
    assert match.why.startswith("Matches the pinyin of '北京航空航天大学'")


def test_a_word_inside_a_listed_name_is_named_in_the_explanation(shipped_screener):
    match = shipped_screener.screen(["Beijing Institute of Petrochemical Technology"])[0].matches[0]
    assert institution(match.entity_id) == "bit" and match.score < THRESHOLD
    assert "the query has petrochemical inside the name" in match.why


def test_a_lookalike_lacking_a_distinctive_word_is_ruled_out_and_says_which(shipped_screener):
    result = shipped_screener.screen(["Northwestern University"])[0]
    assert result.hits == () and result.matches == ()
    assert result.ruled_out and {institution(m.entity_id) for m in result.ruled_out} == {"npu"}
    for ruled_out in result.ruled_out:
        assert ruled_out.missing == ("Polytechnical",)
        assert ruled_out.why.startswith("'Northwestern University' lacks 'Polytechnical'")


def test_shared_words_do_not_outweigh_a_missing_place(shipped_screener):
    result = shipped_screener.screen(["Harbin University of Science and Technology"])[0]
    assert result.hits == ()
    njust = next(m for m in result.ruled_out if institution(m.entity_id) == "njust")
    assert njust.missing == ("Nanjing",) and "shares University, Science, Technology" in njust.why


def test_a_misspelled_or_cut_short_distinctive_word_still_counts_as_present(shipped_screener):
    for query in ("Northwest Polytechnical University", "Nanjng Univ. of Sci. & Tech."):
        assert shipped_screener.screen([query])[0].hits, query


def test_a_query_naming_an_institute_does_not_match_a_company(shipped_screener):
    result = shipped_screener.screen(["China Electronics Standardization Institute"])[0]
    assert result.hits == ()
    cec = next(m for m in result.ruled_out if institution(m.entity_id) == "cec")
    assert "names an institute" in cec.why and "China Electronics Corporation" in cec.why
