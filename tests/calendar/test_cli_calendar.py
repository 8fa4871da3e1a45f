"""`travelprep checklist --format ics` and `travelprep itinerary from-ics`, as a traveler runs them."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from tests.builders import BASE_TRIP
from tests.calendar.conftest import DATED_ITEMS, EXAMPLE
from tests.calendar.test_ics_import import FIXTURES
from tests.support.calendars import parse_both
from travelprep.cli.main import app
from travelprep.engine.itinerary import parse_itinerary


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_checklist_as_ics_is_a_calendar_both_parsers_read():
    result = run("checklist", str(EXAMPLE), "--format", "ics", "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lenient, strict = parse_both(data)
    assert len(strict.events) == 1 + 4 + len(DATED_ITEMS)
    assert all(e.uid.startswith("draft-") and e.uid.endswith("@travelprep.invalid") for e in strict.events)
    assert {str(e.dtstamp) for e in strict.events} == {"2026-11-21 00:00:00+00:00"}
    # Both parsers read the calendar name raw, so it carries no characters that need escapes.
    assert str(lenient["X-WR-CALNAME"]) == str(lenient["NAME"]) == "Trip to Shanghai / Hong Kong"
    assert {x.value for x in strict.extras if x.name == "x-wr-calname"} == {"Trip to Shanghai / Hong Kong"}


def test_the_same_file_and_day_give_the_same_calendar():
    first = run("checklist", str(EXAMPLE), "-f", "ics", "--today", "2026-11-21").stdout_bytes
    again = run("checklist", str(EXAMPLE), "-f", "ics", "--today", "2026-11-21").stdout_bytes
    assert first == again  # so re-importing the file updates events instead of duplicating them


def test_from_ics_prints_a_draft_that_validates_once_completed():
    result = run("itinerary", "from-ics", str(FIXTURES / "multi-city-paris-frankfurt.ics"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Drafted from multi-city-paris-frankfurt.ics.")
    draft = yaml.safe_load(result.stdout)
    assert [leg["city"] for leg in draft["legs"]] == ["Paris", "Frankfurt am Main"]
    assert "warning: 'Dinner with the Dupont lab' names no place" in result.stderr
    itinerary = parse_itinerary({"traveler": BASE_TRIP["traveler"], **draft})
    assert str(itinerary.departure) == "2027-04-05" and str(itinerary.return_) == "2027-04-12"


def test_from_ics_dates_are_plain_yaml_dates():
    result = run("itinerary", "from-ics", str(FIXTURES / "round-trip-bos-pvg.ics"))
    assert "\ndeparture: 2027-03-09\n" in result.stdout
    assert "\n  arrive: 2027-03-10\n" in result.stdout


def test_from_ics_refuses_junk_with_status_2():
    result = run("itinerary", "from-ics", str(FIXTURES / "contact.vcf"))
    assert result.exit_code == 2
    assert "contact card (vCard), not a calendar" in result.stderr
    assert result.stdout == ""


def test_from_ics_missing_file_and_size_limit():
    missing = run("itinerary", "from-ics", str(FIXTURES / "no-such-file.ics"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    small = run("itinerary", "from-ics", str(FIXTURES / "round-trip-bos-pvg.ics"), "--max-bytes", "100")
    assert small.exit_code == 2 and "larger than the limit of 100 bytes" in small.stderr


def test_itinerary_group_is_listed_in_help():
    result = run("--help")
    assert "itinerary" in result.stdout
