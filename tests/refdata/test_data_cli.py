"""The `travelprep data` commands, run as a user would, on a temporary data directory."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from tests.refdata.conftest import FEEDS
from travelprep.cli.main import app
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers import advisories as advisories_module

SAMPLE = "Passport,Destination,Requirement\nUS,CN,e-visa\nUS,DE,90\n"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_import_advisories_reports_changes_and_unplaced_entries(data_dir):
    result = run("data", "import", "advisories", str(FEEDS / "advisories.xml"), "--allow-fewer")
    assert result.exit_code == 0, result.output
    assert "Imported advisory levels for 15 countries" in result.output
    assert "Cambodia (KH): Level 2 -> 1" in result.output
    assert "Not imported (could not be used) (2):" in result.output
    assert DataStore(data_dir).read("advisories")[0].entries == 15


def test_the_feed_as_published_imports_and_names_what_it_cannot_use(data_dir):
    # Day-only pubDates ("Fri, 21 Aug 2026"), as the State Department publishes them.
    result = run("data", "import", "advisories", str(FEEDS / "published-shape.xml"), "--allow-fewer")
    assert result.exit_code == 0, result.output
    assert "Imported advisory levels for 12 countries" in result.output
    assert "Not imported (could not be used) (5):" in result.output
    assert "'Wed, 05 Jun 20242024' is not a date" in result.output
    assert "Paraguay - Level 1: Exercise Normal Precautions': it has no <pubDate>" in result.output
    assert DataStore(data_dir).read("advisories")[0].entries == 12


def test_a_feed_much_smaller_than_the_data_in_force_is_refused(data_dir):
    result = run("data", "import", "advisories", str(FEEDS / "advisories.xml"))
    assert result.exit_code == 1
    assert "looks cut short" in result.output and "Nothing was changed" in result.output
    assert DataStore(data_dir).read("advisories") is None


@pytest.mark.parametrize("name", ["truncated.xml", "atom.xml", "external-entity.xml"])
def test_a_bad_feed_exits_1_and_changes_nothing(data_dir, name):
    run("data", "import", "advisories", str(FEEDS / "advisories.xml"), "--allow-fewer")
    before = DataStore(data_dir).versions("advisories")
    result = run("data", "import", "advisories", str(FEEDS / name), "--allow-fewer")
    assert result.exit_code == 1
    assert f"{name}" in result.output and "Nothing was changed" in result.output
    assert DataStore(data_dir).versions("advisories") == before


def test_file_and_url_are_exclusive():
    result = run(
        "data",
        "import",
        "advisories",
        str(FEEDS / "advisories.xml"),
        "--url",
        "https://travel.state.gov/_res/rss/TAsTWs.xml",
    )
    assert result.exit_code == 2 and "either a FILE or --url" in result.output


def test_import_advisories_from_a_url(data_dir, monkeypatch):
    real_client = httpx.Client
    requests = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request.url)
        return httpx.Response(200, content=(FEEDS / "advisories.xml").read_bytes())

    options_seen = []

    def offline_client(**options):
        options_seen.append(options)
        return real_client(transport=httpx.MockTransport(handler), **options)

    monkeypatch.setattr(advisories_module.httpx, "Client", offline_client)
    url = "https://travel.state.gov/_res/rss/TAsTWs.xml"
    result = run("data", "import", "advisories", "--url", url, "--allow-fewer")
    assert result.exit_code == 0, result.output
    assert [str(u) for u in requests] == [url]
    (options,) = options_seen
    assert options["timeout"].connect and options["timeout"].read  # never waits forever
    assert DataStore(data_dir).read("advisories")[1]["source"] == url


def test_import_visas_then_the_checklist_names_the_requirement(data_dir, tmp_path):
    table = tmp_path / "visas.csv"
    table.write_text(SAMPLE)
    result = run("data", "import", "visas", str(table), "--as-of", "2025-01-12")
    assert result.exit_code == 0, result.output
    assert "Imported 2 visa requirements for 1 passports" in result.output
    trip = tmp_path / "trip.yaml"
    trip.write_text(
        "traveler: {name: Ada, email: ada@example.edu, role: faculty,"
        " citizenships: [US]}\n"
        "departure: 2027-03-09\nreturn: 2027-03-20\nlegs: [{country: CN}]\n"
    )
    checklist = run("checklist", str(trip), "--today", "2026-11-21")
    assert "an e-visa is required for China with your US passport" in checklist.output


def test_import_visas_without_as_of_says_where_the_date_came_from(tmp_path):
    table = tmp_path / "visas.csv"
    table.write_text(SAMPLE)
    result = run("data", "import", "visas", str(table))
    assert result.exit_code == 0 and "the file's modification date" in result.output


def test_import_visas_with_bad_rows_or_a_bad_date_fails(tmp_path, data_dir):
    table = tmp_path / "visas.csv"
    table.write_text(SAMPLE + "US,XX,90\n")
    bad_rows = run("data", "import", "visas", str(table), "--as-of", "2025-01-12")
    assert bad_rows.exit_code == 1
    assert f"{table}:4: unknown destination country code 'XX'" in bad_rows.output
    bad_date = run("data", "import", "visas", str(table), "--as-of", "12/01/2025")
    assert bad_date.exit_code == 2 and "--as-of" in bad_date.output
    assert DataStore(data_dir).read("visas") is None


def test_rollback_restores_the_previous_import(tmp_path, data_dir):
    nothing = run("data", "rollback", "visas")
    assert nothing.exit_code == 1 and "nothing was ever imported for 'visas'" in nothing.output
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(SAMPLE)
    second.write_text(SAMPLE + "US,RU,visa required\n")
    run("data", "import", "visas", str(first), "--as-of", "2025-01-12")
    only_one = run("data", "rollback", "visas")
    assert only_one.exit_code == 1 and "no earlier version" in only_one.output
    run("data", "import", "visas", str(second), "--as-of", "2025-06-01")
    result = run("data", "rollback", "visas")
    assert result.exit_code == 0 and "as of 2025-01-12, 2 entries" in result.output
    version, payload = DataStore(data_dir).read("visas")
    assert version.origin == str(first) and len(payload["rows"]) == 2
