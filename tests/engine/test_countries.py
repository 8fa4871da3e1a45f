"""Country facts: names, regions, sources and the flags the rules rely on."""

from __future__ import annotations

import pytest

from travelprep.engine import geography


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TW", "Taiwan"),
        ("MO", "Macau"),
        ("TR", "Türkiye"),
        ("XK", "Kosovo"),
        ("KR", "South Korea"),
        ("RU", "Russia"),
        ("FR", "France"),
        ("GB", "United Kingdom"),
    ],
)
def test_display_names_read_naturally(code, name):
    assert geography.country_name(code) == name


def test_kosovo_is_a_known_country_though_pycountry_lacks_it():
    assert geography.is_country("XK")


def test_regions_resolve_to_their_country(rulebook):
    crimea = rulebook.countries.lookup("ua-43")
    assert (crimea.country, crimea.region, crimea.name) == ("UA", "UA-43", "Crimea, Ukraine")
    assert crimea.sanctioned and crimea.advisory_level == 4  # Ukraine's level, Crimea's embargo
    kyiv = rulebook.countries.lookup("UA-30")
    assert not kyiv.sanctioned and kyiv.country == "UA"


@pytest.mark.parametrize("code", ["CU", "IR", "KP", "UA-43", "UA-40", "UA-14", "UA-09"])
def test_comprehensive_embargoes(rulebook, code):
    assert rulebook.countries.lookup(code).sanctioned


@pytest.mark.parametrize("code", ["SY", "RU", "CN", "VE", "UA", "BY"])
def test_not_comprehensively_sanctioned(rulebook, code):
    assert not rulebook.countries.lookup(code).sanctioned


def test_syria_stays_in_e1_and_level_4(rulebook):
    syria = rulebook.countries.lookup("SY")
    assert "E:1" in syria.group_codes and syria.embargoed and syria.advisory_level == 4


@pytest.mark.parametrize(
    ("code", "expected"),
    [("CN", True), ("HK", True), ("RU", True), ("SA", True), ("MO", False), ("TW", False), ("IR", False)],
)
def test_elevated_risk_follows_policy(rulebook, code, expected):
    assert (rulebook.countries.lookup(code).elevated_risk is not None) is expected


def test_every_fact_carries_source_and_as_of(rulebook):
    for code in ["CN", "HK", "RU", "CU", "UA-43", "AE", "SY", "KP", "TM"]:
        for label, fact in rulebook.countries.lookup(code).facts():
            assert fact.source.startswith("https://"), (code, label)
            assert fact.as_of.year >= 2000, (code, label)


def test_low_confidence_facts_are_marked(rulebook):
    uae = rulebook.countries.lookup("AE")
    assert {f.confidence for f in uae.ear_groups} == {"low"}
    assert rulebook.countries.lookup("CN").vpn.confidence == "low"
    assert rulebook.countries.lookup("CN").advisory.confidence == "normal"


def test_group_membership_changes_are_respected(rulebook):
    assert "D:5" not in rulebook.countries.lookup("KH").group_codes  # left 2026-02-03
    assert {"D:1", "D:5"} <= set(rulebook.countries.lookup("NI").group_codes)


def test_regions_worth_offering(rulebook):
    codes = [code for code, _ in rulebook.countries.regions_of("UA")]
    assert codes == ["UA-09", "UA-14", "UA-23", "UA-40", "UA-43", "UA-65"]
    assert rulebook.countries.regions_of("FR") == []


def test_unknown_code_is_a_key_error(rulebook):
    with pytest.raises(KeyError):
        rulebook.countries.lookup("QQ")
