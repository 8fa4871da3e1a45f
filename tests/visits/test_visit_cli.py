"""`travelprep visit-checklist visit.yaml [--format json|markdown]`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.visit_builders import visit_data, visitor_from
from travelprep.cli.main import app

GOLDEN = "tests/golden/visits/05-russia-honorarium.yaml"


@pytest.fixture(autouse=True)
def empty_data_dir(tmp_path, monkeypatch):
    """Only the shipped files: nothing imported on this machine changes the answer."""
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path / "data"))


def run(*args: str):
    return CliRunner().invoke(app, ["visit-checklist", *args, "--today", "2026-11-21"])


def test_json_has_the_items_and_their_sources():
    result = run(GOLDEN, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    ids = [i["id"] for i in body["items"]]
    assert "visitor-payment-disclosure" in ids and "iic-visitor-advice" in ids
    assert all(i["sources"] for i in body["items"])


def test_markdown_groups_items_with_why_and_sources():
    result = run(GOLDEN, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Host checklist for a visitor")
    assert "- [ ] **Check and disclose the payments before the visit**" in result.output
    assert "  - Why: Citizenship: Russia — Russia is on the institute's elevated-risk list" in result.output
    assert "low confidence: verify" in result.output


def test_text_says_short_notice():
    result = run(GOLDEN)
    assert result.exit_code == 0, result.output
    assert "[OVERDUE, SHORT NOTICE]" in result.output and "[iic-visitor-advice]" in result.output


def test_bad_visit_exits_2_naming_the_field(tmp_path):
    path = tmp_path / "visit.yaml"
    path.write_text(json.dumps(visit_data(visitor=visitor_from("XX"), visa="H-1B")))
    result = run(str(path))
    assert result.exit_code == 2
    assert "visitor.citizenships[0]: unknown country code 'XX'" in result.output
    assert "visa: must be one of" in result.output


def test_unreadable_file_exits_2(tmp_path):
    result = run(str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2 and "file: cannot read" in result.output
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00")
    assert run(str(tmp_path / "bin.yaml")).exit_code == 2


def test_stale_sources_are_called_out():
    result = run(GOLDEN)
    assert "STALE DATA: EAR country groups, as of 2026-07-23" in result.output
