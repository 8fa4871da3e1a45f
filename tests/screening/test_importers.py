"""Importing CSL and OpenSanctions files: good files load, bad rows are named, nothing half-done."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.screening.samples import (
    CHECKLISTS,
    CSL_ROWS,
    OPENSANCTIONS_LINES,
    write_csl_csv,
    write_csl_json,
    write_opensanctions,
)
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.refdata.screening_lists import store_entity_list
from travelprep.screening.errors import ScreeningDataErrors
from travelprep.screening.lists.csl import parse_csl
from travelprep.screening.lists.opensanctions import parse_opensanctions


def test_csl_csv_keeps_organizations_and_splits_alt_names(tmp_path):
    entity_list, skipped = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    assert skipped == 1  # the individual
    first = entity_list.entities[0]
    assert first.entity_id == "csl:el-1" and first.list_name.startswith("CSL: Entity List (EL)")
    assert first.aliases == ("Zorvex Aero Research Inst.", "佐维航空研究所")
    assert first.abbreviations == ("ZARI",) and first.as_of == "2026-11-01"


@pytest.mark.parametrize("wrapped", [True, False])
def test_csl_json_results_object_and_bare_list_read_alike(tmp_path, wrapped):
    from_json, _ = parse_csl(write_csl_json(tmp_path / "csl.json", wrapped=wrapped), as_of="2026-11-01")
    from_csv, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    assert from_json.entities == from_csv.entities


def test_csl_csv_malformed_rows_are_all_reported_by_line(tmp_path):
    rows = [*CSL_ROWS, {**CSL_ROWS[0], "_id": "el-9", "name": ""}, {**CSL_ROWS[1], "source": ""}]
    path = write_csl_csv(tmp_path / "bad.csv", rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("el-10,EL,,Entity\n")  # too few cells
    with pytest.raises(ScreeningDataErrors) as caught:
        parse_csl(path, as_of="2026-11-01")
    lines = [(e.line, e.message) for e in caught.value.errors]
    assert [line for line, _ in lines] == [5, 6, 7]
    assert "no name" in lines[0][1] and "no source" in lines[1][1] and "fewer cells" in lines[2][1]
    assert f"{path}:5" in str(caught.value)


def test_csl_csv_with_a_line_break_inside_a_cell_still_reports_the_right_line(tmp_path):
    rows = [{**CSL_ROWS[0], "name": "Two\nLine Name"}, {**CSL_ROWS[1], "name": ""}]
    with pytest.raises(ScreeningDataErrors) as caught:
        parse_csl(write_csl_csv(tmp_path / "multi.csv", rows), as_of="2026-11-01")
    assert caught.value.errors[0].line == 4


def test_csl_json_bad_record_is_reported_by_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"results": [\n  {"name": "Good Co", "source": "EL"},\n  {"source": "EL"}\n]}')
    with pytest.raises(ScreeningDataErrors) as caught:
        parse_csl(path, as_of="2026-11-01")
    assert [(e.line, e.message) for e in caught.value.errors] == [(3, "the row has no name")]


def test_opensanctions_lines_keep_organizations_with_aliases(tmp_path):
    entity_list, skipped = parse_opensanctions(write_opensanctions(tmp_path / "os.jsonl"))
    assert skipped == 1 and len(entity_list.entities) == 1
    entity = entity_list.entities[0]
    assert entity.entity_id == "opensanctions:NK-abc123"
    assert entity.aliases == ("Velmora Def. Electronics",) and entity.abbreviations == ("VDEG",)
    assert entity.list_name == "OpenSanctions: us_bis_entity" and entity_list.as_of == "2026-10-30"


def test_opensanctions_malformed_lines_are_reported_by_number(tmp_path):
    good = json.dumps(OPENSANCTIONS_LINES[0])
    lines = [good, "{not json", json.dumps({"id": "x", "schema": "Company"}), "[1, 2]"]
    with pytest.raises(ScreeningDataErrors) as caught:
        parse_opensanctions(write_opensanctions(tmp_path / "bad.jsonl", lines))
    assert [e.line for e in caught.value.errors] == [2, 3, 4]


def test_imported_lists_are_screened_alongside_the_shipped_list(tmp_path):
    store = DataStore(tmp_path / "data")
    csl, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    store_entity_list(store, "csl", csl, origin="csl.csv")
    sanctions, _ = parse_opensanctions(write_opensanctions(tmp_path / "os.jsonl"))
    store_entity_list(store, "opensanctions", sanctions, origin="os.jsonl")
    screener = load_screener(CHECKLISTS, tmp_path / "data")
    queries = [
        "Zorvex Aerospace Research Inst",
        "佐维航空研究所",
        "Velmora Defense Electronics",
        "HIT",
    ]
    firsts = [r.hits[0].entity_id for r in screener.screen(queries)]
    assert firsts == ["csl:el-1", "csl:el-1", "opensanctions:NK-abc123", "shipped:hit"]


def test_a_failed_import_leaves_the_previous_list_in_force(tmp_path):
    store = DataStore(tmp_path / "data")
    csl, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    store_entity_list(store, "csl", csl, origin="csl.csv")
    bad = write_csl_csv(tmp_path / "bad.csv", [*CSL_ROWS, {**CSL_ROWS[0], "name": ""}])
    with pytest.raises(ScreeningDataErrors):
        parse_csl(bad, as_of="2026-11-02")
    versions = store.versions("csl")
    assert len(versions) == 1 and versions[0].as_of == "2026-11-01" and versions[0].entries == 2


def test_a_list_stored_by_an_older_normalizer_is_normalized_again(tmp_path):
    store = DataStore(tmp_path / "data")
    csl, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    version = store_entity_list(store, "csl", csl, origin="csl.csv")
    path = tmp_path / "data" / "sources" / "csl" / f"{version.version}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["payload"]["normalizer"] = -1
    document["payload"]["forms"] = "stale"
    path.write_text(json.dumps(document), encoding="utf-8")
    screener = load_screener(CHECKLISTS, tmp_path / "data")
    assert screener.screen(["Quillon Precision Optics"])[0].hits[0].entity_id == "csl:el-2"


def test_opensanctions_without_dates_or_organizations_is_dated_by_the_import(tmp_path):
    person = json.dumps(OPENSANCTIONS_LINES[1])
    undated = json.dumps(
        {
            "id": "x1",
            "caption": "Undated Org",
            "schema": "Organization",
            "properties": {"name": ["Undated Org"]},
        }
    )
    only_people, _ = parse_opensanctions(write_opensanctions(tmp_path / "p.jsonl", [person]))
    assert only_people.entities == () and only_people.as_of == date.today().isoformat()
    dated, _ = parse_opensanctions(write_opensanctions(tmp_path / "u.jsonl", [undated]))
    assert dated.entities[0].as_of == dated.as_of == date.today().isoformat()
