"""The command line: screen names, import lists, show their status."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.screening.samples import CHECKLISTS, write_csl_csv, write_opensanctions
from travelprep.cli.main import app
from travelprep.screening.lists.shipped import load_shipped_lists

runner = CliRunner()


def test_screen_prints_hits_for_compliance_staff(data_dir):
    result = runner.invoke(app, ["screen", "Harbin Inst. of Technology", "Nanjing University"])
    assert result.exit_code == 0, result.output
    first, second = result.output.split("\n\n")
    assert "MATCH  1.00  Harbin Institute of Technology" in first
    assert "Research Compliance" in first
    assert "no match at or above the threshold" in second


def test_screen_explains_each_look_alike_it_rules_out(data_dir):
    result = runner.invoke(app, ["screen", "Northwestern University", "Harbin Institute of Technology"])
    assert result.exit_code == 0, result.output
    first, second = result.output.split("\n\n")
    assert "ruled out  0.67  Northwestern Polytechnical University" in first
    assert "'Northwestern University' lacks 'Polytechnical'" in first
    assert "also on: DoD Section 1286 list" in second  # one match, every list it is on


def test_screen_says_why_a_name_was_not_screened(data_dir):
    result = runner.invoke(app, ["screen", "x" * 10_000, "--format", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry["matches"] == [] and "too long" in entry["note"]


def test_screen_json_has_the_checklist_screening_shape(data_dir):
    result = runner.invoke(app, ["screen", "北京航空航天大学", "Tsinghua University", "--format", "json"])
    assert result.exit_code == 0, result.output
    section = json.loads(result.output)
    assert [entry["query"] for entry in section] == ["北京航空航天大学", "Tsinghua University"]
    match = section[0]["matches"][0]
    assert {"name", "alias", "list", "source", "as_of", "score", "matched_tokens", "why"} <= set(match)
    assert match["name"] == "Beihang University" and match["alias"] == "北京航空航天大学"
    assert section[1]["matches"] == []


def test_screen_dash_reads_one_name_per_line_from_stdin(data_dir):
    names = "NJUST\n\nNorthwestern University\nNorthwestern Polytechnical University\n"
    result = runner.invoke(app, ["screen", "-", "--format", "json"], input=names)
    section = json.loads(result.output)
    assert [e["query"] for e in section] == [
        "NJUST",
        "Northwestern University",
        "Northwestern Polytechnical University",
    ]
    assert [any(m["hit"] for m in e["matches"]) for e in section] == [True, False, True]


def test_import_then_status_then_screen(data_dir, tmp_path):
    csv_path = write_csl_csv(tmp_path / "csl.csv")
    imported = runner.invoke(app, ["data", "import", "csl", str(csv_path), "--as-of", "2026-11-01"])
    assert imported.exit_code == 0, imported.output
    assert "Imported 2 entries into csl" in imported.output and "skipped 1" in imported.output
    runner.invoke(app, ["data", "import", "opensanctions", str(write_opensanctions(tmp_path / "o.jsonl"))])
    status = runner.invoke(app, ["data", "status"])
    assert status.exit_code == 0, status.output
    lines = {line.split()[0]: line.split() for line in status.output.splitlines()[1:]}
    assert lines["csl"][1:4] == ["imported", "2026-11-01", "2"]
    assert lines["opensanctions"][1:4] == ["imported", "2026-10-30", "1"]
    assert lines["csl"][-1].startswith("20")  # the import time, an ISO timestamp
    for entity_list in load_shipped_lists(CHECKLISTS):  # each shipped list, with its date and size
        shipped = next(line for line in status.output.splitlines() if line.startswith(entity_list.name))
        assert shipped.split()[-6:-4] == [entity_list.as_of, str(len(entity_list.entities))]
    screened = runner.invoke(app, ["screen", "Quillon Precision Optics Co Ltd", "--format", "json"])
    assert json.loads(screened.output)[0]["matches"][0]["list"].startswith("CSL: Entity List")


def test_a_malformed_import_exits_2_and_names_the_line(data_dir, tmp_path):
    path = write_csl_csv(tmp_path / "bad.csv", [{"_id": "1", "source": "EL", "name": ""}])
    result = runner.invoke(app, ["data", "import", "csl", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2: the row has no name" in result.output
    assert "Nothing was imported" in result.output
    status = runner.invoke(app, ["data", "status"]).output
    assert not any(line.startswith("csl") for line in status.splitlines())


def test_screen_echoes_a_query_on_one_line_without_control_characters_and_cut_short(data_dir):
    # The text output echoed the query as given: a CR/LF split it, an ESC reached the terminal,
    # and a 1 MB name was printed whole before "Not screened".
    given = ["Harbin Institute\r\nof Technology", "\x1b[31mBeihang", "-"]
    result = runner.invoke(app, ["screen", *given], input="Harbin " * 200_000 + "\n")
    assert result.exit_code == 0, result.output
    first, second, third = result.output.split("\n\n")
    assert first.splitlines()[0] == "Harbin Institute  of Technology"
    assert "MATCH  1.00  Harbin Institute of Technology" in first
    assert "\x1b" not in second and second.splitlines()[0] == " [31mBeihang"
    assert len(third.splitlines()[0]) < 200 and "(1,399,999 characters)" in third.splitlines()[0]
    assert "too long for an institution's name" in third
