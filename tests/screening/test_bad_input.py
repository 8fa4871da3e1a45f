"""Bad input is answered at once without a match, and a broken list file changes nothing."""

from __future__ import annotations

import time

import pytest

from tests.screening.samples import CHECKLISTS, write_csl_csv
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.screening.errors import ScreeningDataError, ScreeningDataErrors
from travelprep.screening.lists.csl import parse_csl
from travelprep.screening.lists.shipped import load_entity_file

QUICK = 0.5  # seconds: far above a normal query, far below a hang


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "Harbin Institute of Technology " * 400,  # listed words, but 12,000 characters
        " ".join(["University"] * 40),
        "of the and",
        "of, the; and (de) la",
        "!!! ??? ... ---",
        "   ",
        "",
        "\u3000\u3001\u3002",
    ],
    ids=[
        "10k-letters",
        "10k-listed-words",
        "40-words",
        "stop-words",
        "stop-words-punct",
        "punct",
        "spaces",
        "empty",
        "cjk-punct",
    ],
)
def test_nonsense_is_answered_quickly_with_no_match(shipped_screener, query):
    started = time.perf_counter()
    (result,) = shipped_screener.screen([query])
    assert time.perf_counter() - started < QUICK
    assert result.query == query and result.hits == () and result.matches == ()


def test_a_too_long_name_says_why_it_was_not_screened(shipped_screener):
    (result,) = shipped_screener.screen(["x" * 10_000])
    assert "10,000 characters is too long" in result.note


def test_a_name_without_words_says_so(shipped_screener):
    (result,) = shipped_screener.screen(["!!! ???"])
    assert "no letters" in result.note


LIST = """\
list: Test list
source: https://example.org/list
as_of: 2026-01-01
entities:
  - id: one
    name: Zorvex Institute of Testing
    source: https://example.org/one
    as_of: 2026-01-01
  - id: two
    name: Quillon Academy of Optics
    source: https://example.org/two
    as_of: 2026-01-01
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (LIST[: LIST.index("    source: https://example.org/two")], 9),  # cut after a name
        (LIST[: LIST.index("Optics") + 3], 9),  # cut inside a name: still a name, no source
        (LIST.replace("  - id: two", "  - id: two\n  name: [unclosed"), 10),
        (LIST.replace("    as_of: 2026-01-01\n  - id: two", "    as_of: 2026-01-01\n\t- id: two"), 9),
    ],
    ids=["truncated-entry", "truncated-name", "bad-flow", "tab"],
)
def test_a_truncated_or_malformed_list_names_its_line(tmp_path, text, line):
    path = tmp_path / "entities" / "broken.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScreeningDataError) as caught:
        load_entity_file(path)
    assert caught.value.file == str(path) and caught.value.line == line, caught.value


def test_a_broken_shipped_list_changes_nothing_and_names_its_line(tmp_path):
    checklists = tmp_path / "checklists"
    (checklists / "entities").mkdir(parents=True)
    good = checklists / "entities" / "test.yaml"
    good.write_text(LIST, encoding="utf-8")
    data = tmp_path / "data"
    before = load_screener(checklists, data)
    assert before.screen(["Zorvex Institute of Testing"])[0].hits
    good.write_text(LIST[: LIST.index("    source: https://example.org/two")], encoding="utf-8")
    with pytest.raises(ScreeningDataError, match=r"test\.yaml:9: entity needs 'as_of'"):
        load_screener(checklists, data)
    # The index in use is the one built before: nothing half-loaded replaced it.
    assert before.screen(["Quillon Academy of Optics"])[0].hits


def test_a_truncated_csl_export_is_refused_by_line_and_imports_nothing(tmp_path):
    path = write_csl_csv(tmp_path / "csl.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Quillon") + 4], encoding="utf-8")  # cut inside a row
    with pytest.raises((ScreeningDataError, ScreeningDataErrors)) as caught:
        parse_csl(path, as_of="2026-11-01")
    assert f"{path}:3" in str(caught.value)
    assert DataStore(tmp_path / "data").current("csl") is None


def test_the_shipped_lists_load(tmp_path):
    assert load_screener(CHECKLISTS, tmp_path / "data").screen(["NUDT"])[0].hits
