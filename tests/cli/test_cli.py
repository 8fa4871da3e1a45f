"""The `travelprep` command line, as a traveler or compliance officer uses it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.builders import leg, trip_data
from travelprep.cli.main import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "shanghai-conference.yaml"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(app, list(args), input=input)

    return invoke


def write(tmp_path: Path, data, name: str = "trip.yaml") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data))
    return str(path)


def test_json_output_matches_the_contract(run):
    result = run("checklist", str(EXAMPLE), "--format", "json", "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["generated_on"] == "2026-11-21"
    assert data["trip"]["days_until_departure"] == 108
    assert [d["country"] for d in data["destinations"]] == ["CN", "HK"]
    (screened,) = data["screening"]  # Fudan University is on the FY25 DoD Section 1286 list
    assert (screened["query"], screened["threshold"]) == ("Fudan University", 0.85)
    assert [m["entity_id"] for m in screened["matches"]] == ["shipped:s1286.fudan"]
    loaner = next(i for i in data["items"] if i["id"] == "loaner-device")
    assert loaner["due"] == "2027-02-23" and not loaner["overdue"]


def test_text_output_is_grouped_by_category(run):
    result = run("checklist", str(EXAMPLE), "--today", "2026-11-21")
    assert result.exit_code == 0
    headings = [line for line in result.output.splitlines() if line.isupper() and line.strip()]
    assert headings[:3] == ["REGISTRATION", "DEVICES", "EXPORT CONTROL"]
    assert "[loaner-device]" in result.output and "by 2027-02-23" in result.output


def test_markdown_output_has_checkboxes_and_links(run):
    result = run("checklist", str(EXAMPLE), "--format", "markdown", "--today", "2026-11-21")
    assert result.exit_code == 0
    assert "## Devices" in result.output
    assert "- [ ] **Borrow a clean loaner laptop or phone from IS&T**" in result.output
    assert "](https://" in result.output


def test_today_moves_the_flags(run):
    result = run("checklist", str(EXAMPLE), "-f", "json", "--today", "2027-03-01")
    loaner = next(i for i in json.loads(result.output)["items"] if i["id"] == "loaner-device")
    assert loaner["overdue"] and loaner["short_notice"]


def test_json_input_works_too(run, tmp_path):
    path = write(tmp_path, trip_data(), "trip.json")
    result = run("checklist", path, "-f", "json", "--today", "2026-11-21")
    assert result.exit_code == 0
    assert json.loads(result.output)["destinations"][0]["name"] == "France"


def test_bad_itinerary_exits_2_naming_fields(run, tmp_path):
    path = write(tmp_path, trip_data(legs=[leg("XX")], **{"return": "2027-03-01"}))
    result = run("checklist", path)
    assert result.exit_code == 2
    assert "legs[0].country: unknown country code 'XX'" in result.output
    assert "return: return (2027-03-01) is before departure" in result.output


def test_missing_file_exits_2(run, tmp_path):
    result = run("checklist", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "cannot read" in result.output


def test_binary_file_exits_2(run, tmp_path):
    path = tmp_path / "trip.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = run("checklist", str(path))
    assert result.exit_code == 2 and "not UTF-8" in result.output


def test_bad_today_exits_2(run):
    result = run("checklist", str(EXAMPLE), "--today", "tomorrow")
    assert result.exit_code == 2 and "--today" in result.output


def test_countries_prints_facts_with_sources(run):
    result = run("countries", "CN", "hk", "UA-43")
    assert result.exit_code == 0
    assert "UA-43  Crimea, Ukraine" in result.output
    assert "comprehensive embargo" in result.output
    assert "source: https://ofac.treasury.gov/" in result.output
    assert "(as of 2026-10-01)" in result.output
    assert "[confidence: low — verify]" in result.output


def test_countries_shows_a_low_confidence_advisory_level(run):
    result = run("countries", "BD", "FR")
    assert result.exit_code == 0
    bangladesh, france = result.output.split("FR  France")
    assert "advisory level: 3 (confidence: low — verify)" in bangladesh
    assert "advisory level: 2\n" in france and "confidence: low" not in france


def test_countries_rejects_unknown_codes(run):
    result = run("countries", "CN", "QQ")
    assert result.exit_code == 2 and "QQ" in result.output


@pytest.mark.parametrize("command", [[], ["checklist"], ["rules", "check"], ["countries"]])
def test_every_command_explains_itself(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 4


def test_installed_entry_point_runs(tmp_path):
    path = write(tmp_path, trip_data())
    done = subprocess.run(
        [sys.executable, "-m", "travelprep", "checklist", path, "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["trip"]["return"] == "2027-03-20"


def test_a_listed_institution_fires_restricted_party_match_end_to_end(run, tmp_path):
    data = trip_data(
        legs=[leg("CN", city="Harbin")],
        institutions=["Harbin Inst. of Technology", "哈尔滨工业大学", "Tongji University"],
    )
    result = run("checklist", write(tmp_path, data), "-f", "json", "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    checklist = json.loads(result.output)
    hits = {s["query"]: [m["name"] for m in s["matches"]] for s in checklist["screening"]}
    assert hits["Harbin Inst. of Technology"][0] == "Harbin Institute of Technology"
    assert hits["哈尔滨工业大学"][0] == "Harbin Institute of Technology"
    assert hits["Tongji University"] == []
    match = next(i for i in checklist["items"] if i["id"] == "restricted-party-match")
    assert match["priority"] == "required" and len(match["reasons"]) == 2


def test_unusable_screening_data_stops_with_its_file(run, tmp_path, monkeypatch):
    from travelprep.refdata.datastore import DataStore

    store = DataStore(tmp_path / "data")
    store.write("csl", as_of="2026-01-01", entries=0, origin="x", payload=[])
    result = run("checklist", write(tmp_path, trip_data(institutions=["Anything"])))
    assert result.exit_code == 1
    assert "sources/csl" in result.output and "import the list again" in result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"traveler": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.yaml", "traveler: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("nested.yaml", "traveler: " + "[" * 40 + "]" * 40 + "\n"),
        ("cycle.yaml", "traveler: &a [*a]\n"),
    ],
)
def test_a_file_nested_too_deeply_exits_2_without_a_traceback(run, tmp_path, name, text):
    # A thousand levels made the JSON and YAML parsers raise RecursionError: a traceback.
    path = tmp_path / name
    path.write_text(text)
    for command in ("checklist", "visit-checklist"):
        result = run(command, str(path))
        assert result.exit_code == 2, result.output
        assert "file: nested too deeply (the limit is 32 levels)" in result.output


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        (
            "twice.json",
            '{"traveler": {"name": "Ada", "name": "Grace"}, "legs": []}',
            "traveler.name: given twice in the file: give it once, with the value you mean",
        ),
        (
            "twice.yaml",
            "traveler:\n  name: Ada\n  email: ada@example.edu\n  name: Grace\n",
            "file: not valid YAML at line 4: 'name' is given twice: give it once, with the value you mean",
        ),
    ],
)
def test_a_key_given_twice_in_a_file_is_refused_naming_it(run, tmp_path, name, text, said):
    # Both parsers kept the last value silently: "Ada" was lost without a word.
    path = tmp_path / name
    path.write_text(text)
    for command in ("checklist", "visit-checklist"):
        result = run(command, str(path))
        assert result.exit_code == 2, result.output
        assert said in result.output


def test_an_alias_bomb_is_read_once_and_refused_by_field(run, tmp_path):
    lines = ["a: &x0 [1]"] + [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 30)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run("checklist", str(path))
    assert result.exit_code == 2 and "traveler: Field required" in result.output


def test_a_calendar_file_is_pointed_to_the_ics_import(run, tmp_path):
    # Given an airline's .ics the CLI said "itinerary: expected a mapping of fields".
    path = tmp_path / "flights.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    result = run("checklist", str(path))
    assert result.exit_code == 2
    assert "this is a calendar (.ics), not an itinerary" in result.output
    assert "travelprep itinerary from-ics" in result.output


def test_markdown_shows_what_the_traveller_typed_as_text_not_markup(run, tmp_path):
    # "Paste into an email or a wiki": a city of <script> or a [link](javascript:) rendered there.
    city = "<script>alert(1)</script> [click](javascript:alert(1)) *x*"
    data = trip_data(legs=[leg("CN", city=city)], institutions=["<b>Harbin</b> Institute of Technology"])
    result = run("checklist", write(tmp_path, data), "--format", "markdown", "--today", "2026-12-03")
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.output
    assert "[click](" not in result.output  # "\[click\](" is text, not a link
    shown = r"Leg 1: \<script\>alert(1)\</script\> \[click\](javascript:alert(1)) \*x\*, China"
    assert shown in result.output
    assert r"- \<b\>Harbin\</b\> Institute of Technology: Harbin Institute of Technology" in result.output


def test_visit_markdown_shows_names_as_text_not_markup(run, tmp_path):
    from tests.visit_builders import visit_data

    affiliation = {"institution": "[Fudan](javascript:alert(1))", "country": "CN", "current": True}
    data = visit_data(visitor={"name": "<img src=x onerror=alert(1)>", "affiliations": [affiliation]})
    result = run("visit-checklist", write(tmp_path, data), "--format", "markdown", "--today", "2026-12-03")
    assert result.exit_code == 0, result.output
    assert not re.search(r"(?<!\\)<img", result.output)  # only as "\<img"
    assert "[Fudan](" not in result.output
    assert r"\[Fudan\](javascript:alert(1))" in result.output


def test_text_and_markdown_list_only_hits_among_the_institutions_screened(run, tmp_path):
    # "Harbin Institute of Technology (Weihai): ..., NIO, Inc." read as a second match: 'Weihai'
    # only resembles NIO's pinyin (weilai), below the threshold.
    weihai = "Harbin Institute of Technology (Weihai)"
    data = trip_data(legs=[leg("CN", city="Weihai")], institutions=[weihai])
    for fmt in ("text", "markdown"):
        result = run("checklist", write(tmp_path, data), "--format", fmt, "--today", "2026-12-03")
        assert result.exit_code == 0, result.output
        screened = result.output.rsplit("Weihai):", 1)[1].splitlines()[0]
        assert "Harbin Institute of Technology" in screened and "NIO" not in screened
