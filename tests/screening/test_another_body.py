"""A query holding every distinctive word of a listed name may still name another body, and
is ruled out with the reason, whatever its score."""

from __future__ import annotations

import pytest

from tests.screening.samples import institution
from travelprep.screening.entities import ListedEntity
from travelprep.screening.matcher import IndexScreener, forms_of


def _why_ruled_out(screener, query: str, key: str) -> str:
    result = screener.screen([query])[0]
    assert key not in {institution(m.entity_id) for m in result.hits}, result.hits
    return next(m.why for m in result.ruled_out if institution(m.entity_id) == key)


@pytest.mark.parametrize(
    ("query", "key", "said"),
    [
        ("Tianjin University of Technology", "tju", "goes on 'University of Technology'"),
        ("Shandong University of Technology", "sdu", "goes on 'University of Technology'"),
        ("North China University of Technology", "nuc", "goes on 'University of Technology'"),
        ("National Defense University of Pakistan", "ndu", "goes on 'University of Pakistan'"),
    ],
)
def test_a_query_that_goes_on_past_the_kind_of_institution_names_another(shipped_screener, query, key, said):
    why = _why_ruled_out(shipped_screener, query, key)
    assert said in why and "names another institution" in why


@pytest.mark.parametrize(
    "query",
    [
        "Tianjin University School of Chemical Engineering",  # a school of the university
        "Army Engineering University of PLA",  # its army qualifies its own name
        "Beijing Institute of Technolgy",  # "of" a misspelled listed word
        "Beijing University of Post and Telecommunications",  # ... or a shortened one
    ],
)
def test_a_unit_a_country_s_own_qualifier_or_a_typo_after_of_still_hits(shipped_screener, query):
    assert shipped_screener.screen([query])[0].hits


@pytest.mark.parametrize(
    ("query", "key", "said"),
    [
        ("East China University of Science and Technology", "ustc", "'east china'"),
        ("Shenyang Institute of Computing Technology", "cas-ict", "'shenyang institute'"),
        ("西安电子科技大学", "uestc", "'西安电'"),
    ],
)
def test_a_place_before_the_listed_name_names_another_place(shipped_screener, query, key, said):
    why = _why_ruled_out(shipped_screener, query, key)
    assert said in why and "names another place" in why


def test_the_chinese_army_s_own_prefix_is_not_another_place(shipped_screener):
    assert {
        institution(m.entity_id) for m in shipped_screener.screen(["中国人民解放军国防大学"])[0].hits
    } == {"ndu"}


def test_a_query_part_naming_another_country_rules_the_party_out(shipped_screener):
    why = _why_ruled_out(shipped_screener, "National University of Defense, Pakistan", "ndu")
    assert "The query names Pakistan" in why and "is in China" in why
    assert shipped_screener.screen(["Sharif University of Technology, Tehran, Iran"])[0].hits
    assert shipped_screener.screen(["Harbin Institute of Technology, China"])[0].hits


def test_a_word_of_its_own_in_place_of_a_generic_listed_word_names_another_company(shipped_screener):
    why = _why_ruled_out(shipped_screener, "China Aerospace Science and Technology Corporation", "casic")
    assert "lacks 'Industry'" in why


def test_a_name_that_repeats_words_matches_itself_in_full():
    name = "Federal Research Center Pushchino Scientific Center for Biology, Russian Academy of Sciences"
    entity = ListedEntity("x:1", name, (), (), "L", "https://x.test", "2026-12-03")
    (match,) = IndexScreener([(entity, forms_of(entity))]).screen([name])[0].hits
    assert match.score == 1.0


def test_an_imported_party_takes_its_country_from_its_addresses(tmp_path):
    from tests.screening.samples import EL, EL_URL, write_csl_csv
    from travelprep.screening.lists.csl import parse_csl

    row = {"_id": "el-9", "source": EL, "type": "Entity", "name": "Zorvex Defence University",
           "addresses": "12 Long Road, Haidian, Beijing, 100000, CN", "source_list_url": EL_URL}  # fmt: skip
    parsed, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv", [row]), as_of="2026-12-03")
    (entity,) = parsed.entities
    assert entity.country == "CN"
    screener = IndexScreener([(entity, forms_of(entity))])
    assert screener.screen(["Zorvex Defence University, Beijing"])[0].hits
    (ruled_out,) = screener.screen(["Zorvex Defence University, Malaysia"])[0].ruled_out
    assert "The query names Malaysia" in ruled_out.why


@pytest.mark.parametrize(
    "query",
    [
        "China Electronics Technology Group Corporation 14th Research Institute",
        "China Electronics Technology Group Corporation No. 38 Research Institute",
    ],
)
def test_a_numbered_research_institute_of_a_listed_group_is_one_of_its_units(shipped_screener, query):
    # Was ruled out: "names an institute, and CETC is not one".
    assert "cetc" in {institution(m.entity_id) for m in shipped_screener.screen([query])[0].hits}


def test_another_word_before_the_kind_still_names_another_body(shipped_screener):
    why = _why_ruled_out(shipped_screener, "China Electronics Technology University", "cetc")
    assert "names a university" in why  # not "an university"
