"""Precision and recall of the matcher on the labelled names, with the shipped list alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.screening.samples import institution

LABELLED = Path(__file__).with_name("labelled_names.yaml")
HELD_OUT = Path(__file__).with_name("held_out_names.yaml")
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97


def labelled(path: Path = LABELLED) -> list[tuple[str, str | None]]:
    """(query, expected institution key or None for a look-alike) pairs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = [(q, key) for key, queries in data["variants"].items() for q in queries]
    return pairs + [(q, None) for q in data["lookalikes"]]


def precision_recall(screener, pairs) -> tuple[float, float]:
    """Hits on the expected institution (on any list) are true; any other hit is false."""
    true_hits = false_hits = variants = 0
    for query, expected in pairs:
        hits = {institution(m.entity_id) for m in screener.screen([query])[0].hits}
        variants += expected is not None
        true_hits += expected in hits
        false_hits += len(hits - {expected})
    return true_hits / max(true_hits + false_hits, 1), true_hits / variants


@pytest.mark.parametrize("path", [LABELLED, HELD_OUT], ids=["labelled", "held-out"])
def test_precision_and_recall_reach_their_floors(shipped_screener, path):
    precision, recall = precision_recall(shipped_screener, labelled(path))
    print(f"{path.name}: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


def test_the_labelled_set_is_big_enough_to_mean_something():
    pairs = labelled()
    assert sum(e is not None for _, e in pairs) >= 200
    assert sum(e is None for _, e in pairs) >= 200


@pytest.mark.parametrize(
    "lookalike",
    [
        "Nanjing University",
        "Northwestern University",
        "南京大学",
        "Beijing University of Technology",
        "Beijing Institute of Petrochemical Technology",
        "Nanjing Tech University",
        "Harbin University of Science and Technology",
        "Xibei Daxue",
    ],
)
def test_famous_lookalikes_raise_no_hit(shipped_screener, lookalike):
    assert shipped_screener.screen([lookalike])[0].hits == ()


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("Nanjing University of Science and Technology", "njust"),
        ("Northwestern Polytechnical University", "npu"),
        ("北京航空航天大学", "buaa"),
        ("Harbin Gongye Daxue", "hit"),
        ("Harbin Gongye University", "hit"),
        ("Harbin Shipbuilding Engineering Institute", "heu"),
        ("南京理工大学计算机学院", "njust"),
        ("Harbin Engn Univ", "heu"),
        ("Moscow State Technical University named after N.E. Bauman", "bmstu"),
        ("北京 航空 航天 大学", "buaa"),
    ],
)
def test_listed_names_hit_their_institution_first(shipped_screener, query, entity):
    result = shipped_screener.screen([query])[0]
    assert result.hits and institution(result.hits[0].entity_id) == entity


@pytest.mark.parametrize(
    ("query", "meant", "not_meant"),
    [
        ("China Electronics Technology Group Corporation", "cetc", "cec"),
        ("China National Chemical Engineering Group Corporation", "cncec", "chemchina"),
        ("China Telecom Group", "chinatelecom", "chinatelecom-corp"),
    ],
)
def test_a_longer_listed_name_rules_out_the_shorter_one_inside_it(shipped_screener, query, meant, not_meant):
    result = shipped_screener.screen([query])[0]
    assert {institution(m.entity_id) for m in result.hits} == {meant}
    ruled_out = next(m for m in result.ruled_out if institution(m.entity_id) == not_meant)
    assert "the query names that one" in ruled_out.why
