"""The shipped entity list loads, and a broken list file is refused with its file and line."""

from __future__ import annotations

import pytest

from tests.screening.samples import CHECKLISTS
from travelprep.screening.errors import ScreeningDataError
from travelprep.screening.lists.shipped import load_entity_file, load_shipped_lists

SEVEN_SONS = {"buaa", "bit", "hit", "heu", "npu", "nuaa", "njust"}

GOOD_ENTITY = """\
list: Test list
source: https://example.org/list
as_of: 2026-01-01
entities:
  - id: acme
    name: Acme Institute of Testing
    source: https://example.org/acme
    as_of: 2026-01-01
"""


def test_the_shipped_list_has_the_seven_sons_with_sources_and_chinese_names():
    entities = {
        e.entity_id.removeprefix("shipped:"): e
        for lst in load_shipped_lists(CHECKLISTS)
        for e in lst.entities
    }
    assert set(entities) >= SEVEN_SONS
    for key in SEVEN_SONS:
        entity = entities[key]
        assert entity.source.startswith("https://") and entity.as_of
        assert any("\u4e00" <= c <= "\u9fff" for alias in entity.aliases for c in alias)
        assert entity.abbreviations


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            lambda t: t.replace("    as_of: 2026-01-01\n", "    as_of: 2026-01-01\n    colour: red\n"),
            9,
            "unknown key 'colour'",
        ),
        (
            lambda t: t.replace("    source: https://example.org/acme\n", ""),
            5,
            "entity needs 'source'",
        ),
        (lambda t: t.replace("    as_of: 2026-01-01", "    as_of: last week"), 8, "ISO date"),
        (
            lambda t: (
                t + "  - id: acme\n    name: Again\n" + "    source: https://x.org\n    as_of: 2026-01-01\n"
            ),
            9,
            "duplicate id",
        ),
        (
            lambda t: t.replace("source: https://example.org/acme", "source: a book"),
            7,
            "must be a URL",
        ),
        (lambda t: t.replace("list: Test list\n", ""), 1, "the header needs 'list'"),
        (lambda t: t.replace("    name: Acme", "    name: [Acme"), 7, "while parsing"),
    ],
)
def test_a_broken_list_file_names_its_line(tmp_path, change, line, message):
    path = tmp_path / "broken.yaml"
    path.write_text(change(GOOD_ENTITY), encoding="utf-8")
    with pytest.raises(ScreeningDataError) as caught:
        load_entity_file(path)
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert message in caught.value.message


def test_the_good_sample_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD_ENTITY, encoding="utf-8")
    assert load_entity_file(path).entities[0].entity_id == "shipped:acme"
