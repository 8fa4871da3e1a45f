"""`load_screener`: the shipped list plus imports, built once and rebuilt when data changes."""

from __future__ import annotations

import pytest

from tests.screening.samples import CHECKLISTS, write_csl_csv
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.refdata.screening_lists import store_entity_list
from travelprep.screening import NoScreening
from travelprep.screening.errors import ScreeningDataError
from travelprep.screening.lists.csl import parse_csl


def test_the_screener_is_built_once_per_configuration(tmp_path):
    first = load_screener(CHECKLISTS, tmp_path / "data")
    assert load_screener(CHECKLISTS, tmp_path / "data") is first
    csl, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    store_entity_list(DataStore(tmp_path / "data"), "csl", csl, origin="csl.csv")
    second = load_screener(CHECKLISTS, tmp_path / "data")
    assert second is not first
    assert second.screen(["Quillon Precision Optics"])[0].hits[0].entity_id == "csl:el-2"


def test_without_any_list_nothing_matches(tmp_path):
    (tmp_path / "checklists").mkdir()
    screener = load_screener(tmp_path / "checklists", tmp_path / "data")
    assert isinstance(screener, NoScreening)
    assert screener.screen(["Harbin Institute of Technology"])[0].matches == ()


def test_results_carry_the_threshold_so_hits_can_be_read_off(tmp_path):
    result = load_screener(CHECKLISTS, tmp_path / "data").screen(["HIT", "Tsinghua"])
    assert result[0].threshold > 0 and result[0].hits
    assert result[1].hits == ()


def test_a_foreign_payload_under_a_screening_source_is_refused_by_name(tmp_path):
    DataStore(tmp_path / "data").write("csl", as_of="2026-11-20", entries=0, origin="x", payload=[])
    with pytest.raises(ScreeningDataError, match="not a screening list") as caught:
        load_screener(CHECKLISTS, tmp_path / "data")
    assert "sources/csl/" in caught.value.file
