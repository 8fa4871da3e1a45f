"""Country facts: names, regions, sources and the flags the rules rely on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest

from travelprep.engine import geography
from travelprep.engine.facts.country_files import load_country_file


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


SHIPPED_ADVISORIES = (
    Path(__file__).resolve().parents[2] / "checklists" / "countries" / "state-advisories.yaml"
)


def test_every_destination_of_the_feed_has_a_shipped_level(rulebook):
    known = [code for code in geography.country_names() if rulebook.countries.lookup(code).advisory_level]
    assert len(known) >= 210  # the feed covers about 215 destinations, not 30
    expected = {"CU": 2, "FR": 2, "MX": 2, "ZA": 2, "DE": 2, "JP": 1, "CA": 1, "UG": 4, "IL": 3, "PS": 4}
    assert {code: rulebook.countries.lookup(code).advisory_level for code in expected} == expected


def test_places_without_an_advisory_of_their_own_stay_unknown(rulebook):
    for code in ["MC", "SM", "VA", "US"]:
        assert rulebook.countries.lookup(code).advisory_level is None


def test_each_advisory_entry_names_its_own_source_and_date():
    document = load_country_file(SHIPPED_ADVISORIES)
    for entry in document.entries:
        assert entry.source and entry.source.startswith("https://travel.state.gov/"), entry.countries
        if all(geography.is_region(code) for code in entry.countries):
            # A region's level is read in the country's advisory text, which the feed omits:
            # older, and marked for staff to verify.
            assert entry.as_of and entry.confidence == "low", entry.countries
            continue
        assert entry.as_of and entry.as_of >= date(2026, 8, 1), entry.countries


def test_advisory_levels_that_no_recent_source_confirms_are_low_confidence(rulebook):
    bangladesh = rulebook.countries.lookup("BD").advisory
    assert (bangladesh.value, bangladesh.confidence) == (3, "low")  # not in the 2026-10-07 Level 3 list
    for code in ["UG", "FR", "JP", "IL"]:
        assert rulebook.countries.lookup(code).advisory.confidence == "normal", code


def test_the_uae_is_in_a5_not_d3_or_d4(rulebook):
    uae = rulebook.countries.lookup("AE")
    assert tuple(uae.group_codes) == ("A:5",)
    assert "D:3" not in uae.group_codes and "D:4" not in uae.group_codes
    assert {f.confidence for f in uae.ear_groups} == {"normal"}


def test_china_import_licensing_covers_dedicated_crypto_devices_not_laptops(rulebook):
    china = rulebook.countries.lookup("CN").encryption
    assert (china.value, china.confidence, china.as_of) == ("license", "normal", date(2021, 1, 1))
    assert "mass-market laptops" in china.note and "dedicated encryption hardware" in china.note


def test_myanmar_bans_vpns_without_permission_since_2025(rulebook):
    myanmar = rulebook.countries.lookup("MM")
    assert myanmar.vpn_restricted and myanmar.vpn.value == "banned"
    assert myanmar.vpn.as_of == date(2025, 1, 1) and "Cybersecurity Law" in myanmar.vpn.note
    assert not rulebook.countries.lookup("TH").vpn_restricted


def test_the_old_encryption_survey_stays_low_confidence(rulebook):
    assert rulebook.countries.lookup("BY").encryption.confidence == "low"
    assert "2000-2008" in rulebook.countries.lookup("PK").encryption.note


def test_reasons_from_low_confidence_facts_say_verify(checklist_for):
    from tests.builders import item, leg, trip_data

    data = trip_data(legs=[leg("CN"), leg("MM", arrive="2027-03-19", depart="2027-03-19")])
    data["legs"][0]["depart"] = "2027-03-18"
    data["carrying"] = {"devices": ["laptop"]}
    reasons = item(checklist_for(data), "encryption-import").reasons
    china, myanmar = reasons[0], reasons[1]
    assert "China needs an import license for some encryption products" in china
    assert "China needs an import license for some encryption products (" not in china  # 2021 list
    assert "Myanmar bans bringing in encryption products (old or secondary source: verify)" in myanmar
    vpn = item(checklist_for(data), "vpn-restrictions").reasons
    assert any(r.endswith("Myanmar bans VPNs") for r in vpn)  # the 2025 law: no verify mark


def test_region_codes_and_names_are_pycountrys_own() -> None:
    """The fast table of regions agrees with pycountry's subdivisions, code for code."""
    expected = {s.code: s.name for s in pycountry.subdivisions}
    assert len(expected) > 4000
    ours = {code: geography.region_name(code) for code in expected}
    assert {code: name for code, name in ours.items() if code not in geography.REGION_NAME_OVERRIDES} == {
        code: name for code, name in expected.items() if code not in geography.REGION_NAME_OVERRIDES
    }
    assert geography.region_name("UA-43") == "Crimea"
    assert not geography.is_region("UA-99") and not geography.is_region("CN")


@pytest.mark.parametrize(
    ("country", "region"), [("RU", "RU-MOW"), ("CN", "CN-SH"), ("FR", "FR-75C"), ("UA", "UA-30")]
)
def test_a_region_without_facts_of_its_own_has_all_its_countrys(rulebook, country, region):
    """Such a region is its country's facts under its own name, worked-out values included."""
    book = rulebook.countries
    base = book.destination(country)
    place = book.destination(country, region)
    made = book._build(country, region)  # the long way: every fact added up again
    assert place == made and place.region == region and place.name == made.name != base.name
    derived = ("sanctioned", "group_codes", "embargoed", "risk_kinds", "advisory_level", "country_name")
    assert [getattr(place, d) for d in derived] == [getattr(made, d) for d in derived]
    assert base.region is None  # the country's own facts are left as they were


def test_a_region_with_facts_of_its_own_adds_them(rulebook):
    crimea = rulebook.countries.destination("UA", "UA-43")
    assert crimea.sanctioned and not rulebook.countries.destination("UA").sanctioned


def test_a_regions_own_advisory_survives_a_feed_import_unless_the_country_is_stricter(rulebook):
    from travelprep.engine.facts.places import Fact, SourceInfo

    def feed(level):
        fact = Fact(level, "feed", "https://travel.state.gov/_res/rss/TAsTWs.xml", date(2026, 12, 1))
        info = SourceInfo("feed", fact.source, fact.as_of, "advisories", origin="imported")
        return rulebook.countries.with_advisories({"GE": fact}, info)

    calm = feed(1).lookup("GE-AB")
    assert (calm.advisory_level, calm.advisory_place) == (4, "Abkhazia, Georgia")
    assert feed(1).lookup("GE").advisory_level == 1
    worse = feed(4).lookup("GE-AB")  # the whole country at Level 4: the feed's entry, Georgia's name
    assert (worse.advisory_level, worse.advisory_place, worse.advisory.source_name) == (4, "Georgia", "feed")
    crimea = rulebook.countries.lookup("UA-43")  # no level of its own: Ukraine's, in Ukraine's name
    assert (crimea.advisory_level, crimea.advisory_place) == (4, "Ukraine")


@pytest.mark.parametrize(("code", "country"), [("CN-HK", "HK"), ("cn-mo", "MO"), ("CN-TW", "TW")])
def test_cn_hk_cn_mo_and_cn_tw_look_up_their_own_facts(rulebook, code, country):
    # `travelprep countries CN-TW` showed China's facts (D:5, elevated risk) for Taiwan.
    found = rulebook.countries.lookup(code)
    assert (found.country, found.region) == (country, None)
    assert found == rulebook.countries.lookup(country)
