"""Importing a Passport Index visa table: all rows understood, or nothing imported."""

from __future__ import annotations

from datetime import date

import pytest

from tests.refdata.conftest import REAL_VISA_TABLE, needs_real_visa_table
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.visas import import_visas, parse_visa_table
from travelprep.refdata.loading import VisasPayload, load_current_rulebook

SAMPLE = """Passport,Destination,Requirement
US,CN,e-visa
US,DE,90
US,GB,eta
US,US,-1
US,TR,visa free
US,ID,visa on arrival
US,RU,visa required
US,PH,30
IN,RU,e-visa
IN,KP,no admission
"""
TODAY = date(2026, 11, 21)


def trip(citizenships: list[str], country: str, **dates: str) -> dict:
    leg = {"country": country, "arrive": "2027-03-10", "depart": "2027-03-19", **dates}
    return {
        "traveler": {
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "role": "faculty",
            "citizenships": citizenships,
        },
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs": [leg],
    }


def visa_reasons(data_dir, data: dict) -> list[str] | None:
    rulebook = load_current_rulebook(data_dir=data_dir)
    checklist = generate_checklist(parse_itinerary(data), rulebook, TODAY)
    found = [item for item in checklist.items if item.id == "visa"]
    return found[0].reasons if found else None


@pytest.fixture
def imported(data_dir):
    import_visas(SAMPLE, origin="sample.csv", as_of=date(2025, 1, 12), store=DataStore(data_dir))
    return data_dir


def test_every_requirement_value_maps_to_a_kind():
    rows = {(p, d): (kind, days) for p, d, kind, days in parse_visa_table(SAMPLE, "sample.csv")}
    assert rows[("US", "CN")] == ("e_visa", None)
    assert rows[("US", "DE")] == ("visa_free", 90)
    assert rows[("US", "GB")] == ("eta", None)
    assert rows[("US", "US")] == ("own_country", None)
    assert rows[("US", "TR")] == ("visa_free", None)
    assert rows[("US", "ID")] == ("visa_on_arrival", None)
    assert rows[("US", "RU")] == ("visa_required", None)
    assert rows[("IN", "KP")] == ("no_admission", None)


def test_the_stored_payload_is_what_loading_accepts(imported):
    version, payload = DataStore(imported).read("visas")
    VisasPayload.model_validate(payload)
    assert (version.entries, version.as_of) == (10, "2025-01-12")


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(imported):
    bad = SAMPLE + "US,QQ,90\nUS,FR,maybe\nUS,FR\nUS,FR,-1\nUS,CN,visa required\nUS,JP,0\n"
    with pytest.raises(ImportRefused) as refused:
        import_visas(bad, origin="bad.csv", as_of=date(2025, 2, 1), store=DataStore(imported))
    message = str(refused.value)
    assert "6 bad row(s), nothing imported" in message
    for line, why in [
        (12, "unknown destination country code 'QQ'"),
        (13, "unknown requirement 'maybe'"),
        (14, "expected 3 fields, found 2"),
        (15, "requirement '-1' for passport US to FR"),
        (16, "US -> CN already given on line 2 differently"),
        (17, "unknown requirement '0'"),
    ]:
        assert f"bad.csv:{line}: {why}" in message
    version, _ = DataStore(imported).read("visas")
    assert version.origin == "sample.csv"  # the previous import stays in force


def test_a_file_that_is_not_the_tidy_format_is_refused_at_line_1(data_dir):
    with pytest.raises(ImportRefused, match=r"wide.csv:1: expected the header"):
        parse_visa_table("Passport,CN,DE\nUS,e-visa,90\n", "wide.csv")


def test_the_visa_item_names_the_requirement(imported):
    assert visa_reasons(imported, trip(["US"], "CN")) == [
        "Leg 1: China — an e-visa is required for China with your US passport"
    ]
    assert visa_reasons(imported, trip(["US"], "GB")) == [
        "Leg 1: United Kingdom — an electronic travel authorization (eTA) is required for the "
        "United Kingdom with your US passport"
    ]


def test_the_visa_item_is_silent_where_no_document_is_needed(imported):
    assert visa_reasons(imported, trip(["US"], "DE")) is None  # visa-free for 90 days
    assert visa_reasons(imported, trip(["US"], "TR")) is None  # visa free


def test_with_two_passports_the_most_favourable_is_named(imported):
    assert visa_reasons(imported, trip(["US", "IN"], "RU")) == [
        "Leg 1: Russia — an e-visa is required for Russia with your IN passport "
        "(the most favourable of US and IN)"
    ]


def test_a_stay_longer_than_the_visa_free_days_fires_the_item(imported):
    short = trip(["US"], "PH", arrive="2027-03-10", depart="2027-03-19")
    assert visa_reasons(imported, short) is None
    long = trip(["US"], "PH") | {"return": "2027-05-20"}
    long["legs"][0].update(arrive="2027-03-10", depart="2027-05-19")
    assert visa_reasons(imported, long) == [
        "Leg 1: Philippines — visa-free for 30 days in the Philippines with your US passport, "
        "but you may stay up to 71 days: check the rules for a longer stay"
    ]


def test_no_admission_is_said_plainly(imported):
    assert visa_reasons(imported, trip(["IN"], "KP")) == [
        "Leg 1: North Korea — North Korea does not admit travellers with your IN passport"
    ]


@needs_real_visa_table
def test_the_real_passport_index_table_imports_whole(data_dir):
    done = import_visas(
        REAL_VISA_TABLE.read_text(encoding="utf-8"),
        origin=str(REAL_VISA_TABLE),
        as_of=date(2025, 1, 12),
        store=DataStore(data_dir),
    )
    assert done.rows == 39_601 and done.passports == 199
    table = load_current_rulebook(data_dir=data_dir).visas
    assert table.advise(["US"], "DE").requirement.days == 90
    assert table.advise(["US"], "CN").requirement.kind == "e_visa"
    assert visa_reasons(data_dir, trip(["US"], "CN")) == [
        "Leg 1: China — an e-visa is required for China with your US passport"
    ]
    assert visa_reasons(data_dir, trip(["US"], "DE")) is None
    # The UK's ETA applies to US nationals since 2025-01-08, and the table of 2025-01-12 says so.
    assert "eTA" in visa_reasons(data_dir, trip(["US"], "GB"))[0]
    assert (
        "with your IN passport (the most favourable of US and IN)"
        in visa_reasons(data_dir, trip(["US", "IN"], "RU"))[0]
    )
