"""Reading the State Department advisory feed: tags, duplicates, odd titles, bad feeds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.refdata.conftest import FEEDS, feed
from travelprep.engine import geography
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.advisory_feed import FeedItem, _level, feed_date, parse_items, read_feed
from travelprep.refdata.importers.country_tags import iso2_from_iso3, iso2_from_tag, iso3_in_link, tag_table


def reading(name: str = "advisories.xml"):
    return read_feed(parse_items(feed(name), name), name)


@pytest.mark.parametrize(
    ("tag", "iso2"),
    [
        ("UK", "GB"),
        ("UP", "UA"),
        ("IZ", "IQ"),
        ("BM", "MM"),
        ("SF", "ZA"),
        ("UC", "CW"),
        ("NS", "SR"),
        ("GM", "DE"),
        ("CH", "CN"),
        ("KV", "XK"),
        ("RS", "RU"),
        ("SZ", "CH"),
    ],
)
def test_state_department_tags_are_not_iso_and_are_mapped(tag, iso2):
    assert iso2_from_tag(tag, "any title") == iso2


def test_the_tag_table_names_only_real_countries_and_covers_nearly_all():
    rows = [row for rows in tag_table().values() for row in rows]
    assert all(geography.is_country(row.iso2) for row in rows)
    covered = {row.iso2 for row in rows}
    # Places with no code of their own in the State Department's list.
    assert set(geography.country_names()) - covered == {"AX", "BQ", "BV", "HM", "UM"}


def test_one_tag_for_israel_the_west_bank_and_gaza_is_split_by_title():
    combined = "Israel, the West Bank and Gaza - Level 3: Reconsider Travel"
    assert iso2_from_tag("IS", combined) == "IL"
    assert iso2_from_tag("IS", "Gaza - Level 4: Do Not Travel") == "PS"
    assert iso2_from_tag("IS", "West Bank - Level 3: Reconsider Travel") == "PS"


def test_new_style_links_carry_iso3():
    link = "https://travel.state.gov/en/international-travel/travel-advisories/destination.mex.html"
    assert iso3_in_link(link) == "MEX" and iso2_from_iso3("MEX") == "MX"
    assert iso2_from_iso3("XKX") == "XK"
    assert iso3_in_link("https://travel.state.gov/.../mexico-travel-advisory.html") is None


def test_levels_come_from_the_category_or_else_the_title():
    assert _level(None, "Mexico Travel Advisory - Level 2…") == 2
    assert _level(None, "Italy - Level 2: Exercise Increased Caution - Level 2") == 2
    assert _level("Level 4: Do Not Travel", "Burma - Level 3: Reconsider Travel") == 4
    assert _level(None, "Ambiguous - Level 2: ... Level 3") is None


def test_the_sample_feed_gives_one_level_per_country():
    levels = {code: entry.level for code, entry in reading().levels.items()}
    assert levels == {
        "MX": 2,  # the newer new-style entry beats the older "Mexico Travel Advisory" at Level 3
        "MM": 4,  # here the old-style entry is the newer one, so it wins
        "GB": 2,
        "UA": 4,
        "IQ": 4,
        "ZA": 2,
        "CW": 1,
        "SR": 1,  # no Threat-Level category: read from the title
        "IT": 2,  # the title repeats its level
        "KH": 1,
        "CN": 2,
        "DE": 2,
        "IL": 3,
        "PS": 4,  # Gaza (4) and the West Bank (3) share a code: the stricter level
        "XK": 2,
    }


def test_duplicates_resolve_to_the_newest_entry_with_its_link_and_date():
    mexico = reading().levels["MX"]
    assert mexico.date == date(2026, 10, 6)
    assert mexico.link.endswith("destination.mex.html")
    assert mexico.title == "Mexico - Level 2: Exercise Increased Caution"


def test_as_of_is_the_newest_date_in_the_feed():
    assert reading().as_of == date(2026, 10, 7)


def test_entries_that_cannot_be_placed_are_reported_with_their_line():
    unmapped = reading().unmapped
    assert len(unmapped) == 2
    assert "advisories.xml:189: 'Worldwide Caution'" in unmapped[0]
    assert "Akrotiri" in unmapped[1] and "'AX'" in unmapped[1]


def test_the_link_wins_over_a_disagreeing_tag_and_says_so():
    item = FeedItem(
        7,
        "Mexico - Level 2: Exercise Increased Caution",
        "https://travel.state.gov/x/destination.mex.html",
        date(2026, 10, 1),
        2,
        "CA",
    )
    result = read_feed([item], "feed.xml")
    assert list(result.levels) == ["MX"]
    assert result.notes == [
        "feed.xml:7: 'Mexico - Level 2: Exercise Increased Caution': link says "
        "MX, tag CA says CA; used the link"
    ]


def test_a_feed_with_no_usable_entry_is_refused():
    item = FeedItem(3, "Worldwide Caution", "https://travel.state.gov/x.html", date(2026, 10, 1), None, None)
    with pytest.raises(ImportRefused, match="no entry of the feed could be used"):
        read_feed([item], "feed.xml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.xml", r"truncated.xml:9: not well-formed XML"),
        ("atom.xml", r"atom.xml:1: expected an RSS 2.0 feed"),
        ("no-items.xml", r"no-items.xml:3: the feed has no <item> entries"),
    ],
)
def test_unknown_or_changed_formats_are_refused_with_file_and_line(name, message):
    with pytest.raises(ImportRefused, match=message):
        parse_items(feed(name), str(FEEDS / name).split("/")[-1])


def test_an_xml_bomb_is_refused_before_any_expansion():
    # Refused for declaring entities at all: nothing is ever expanded, however deep the bomb.
    with pytest.raises(ImportRefused, match="declares XML entities"):
        parse_items(feed("billion-laughs.xml"), "billion-laughs.xml")


def test_an_external_entity_is_refused_and_never_read():
    with pytest.raises(ImportRefused, match="secret") as refused:
        parse_items(feed("external-entity.xml"), "external-entity.xml")
    assert "root:" not in str(refused.value)


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_of_the_feed_never_changes_the_result(chance):
    items = parse_items(feed("advisories.xml"), "advisories.xml")
    items += [
        FeedItem(
            900,
            "Mexico - Level 3: Reconsider Travel",
            "https://travel.state.gov/x/destination.mex.html",
            date(2026, 10, 6),
            3,
            "MX",
        )
    ]
    expected = read_feed(items, "feed.xml").levels
    chance.shuffle(items)
    assert read_feed(items, "feed.xml").levels == expected
    assert expected["MX"].level == 3  # same day as the Level 2 entry: the stricter one


# The feed as published: see the comment at the top of feeds/published-shape.xml.


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Tue, 15 Sep 2026", date(2026, 9, 15)),  # as published: a day, no time
        ("15 Sep 2026", date(2026, 9, 15)),
        ("Fri, 21 Aug 2026 ", date(2026, 8, 21)),
        ("Tue, 15 Sep 2026 00:00:00 EDT", date(2026, 9, 15)),
        ("Tue, 15 Sep 2026 23:30:00 -0400", date(2026, 9, 15)),  # the day where it was written
        ("Tue, 15 Sep 2026 09:00 GMT", date(2026, 9, 15)),
        ("2026-09-15", date(2026, 9, 15)),
        ("2026-09-15T09:00:00-04:00", date(2026, 9, 15)),
    ],
)
def test_pubdates_are_read_with_or_without_a_time(written, day):
    assert feed_date(written) == day


@pytest.mark.parametrize(
    "written", ["", "Wed, 05 Jun 20242024", "Wed, 15 Dec 20202", "Tue, 31 Feb 2026", "soon"]
)
def test_pubdates_that_are_not_dates_give_none(written):
    assert feed_date(written) is None


def test_the_published_feed_with_day_only_dates_imports():
    levels = {code: entry.level for code, entry in reading("published-shape.xml").levels.items()}
    assert levels == {
        "MZ": 2,  # two pages of one advisory: the newer
        "MX": 2,  # "Mexico Travel Advisory - Level 2: ..."
        "JP": 1,
        "CA": 1,
        "KE": 2,  # a double space in the title
        "CH": 1,  # a no-break space in the title; tag SZ is Switzerland
        "KN": 1,  # a two-letter "destination.kn.html" link: the tag places it
        "UG": 4,
        "MO": 3,  # a summary of several places at 2, the place's own entry at 3, same day
        "FR": 2,  # a time and a zone name
        "ZA": 2,
        "CU": 2,  # an ISO date
    }
    assert reading("published-shape.xml").levels["MZ"].date == date(2026, 8, 21)


def test_entries_the_importer_cannot_use_are_named_and_the_rest_imported():
    unusable = reading("published-shape.xml").unmapped
    assert len(unusable) == 5
    said = "\n".join(unusable)
    assert "'See Individual Summaries - Level 4: Do Not Travel'" in said  # IS, but which place?
    assert "French West Indies" in said and "'A3'" in said  # one entry for several places
    assert "'Wed, 05 Jun 20242024' is not a date" in said
    assert "Paraguay" in said and "it has no <pubDate>" in said
    assert "'Worldwide Caution'" in said
    assert all(line.startswith("published-shape.xml:") and line.endswith("not imported") for line in unusable)


def test_an_entry_without_a_pubdate_no_longer_stops_the_import():
    result = reading("missing-pubdate.xml")
    assert {code: e.level for code, e in result.levels.items()} == {"MX": 2}
    assert result.unmapped == [
        "missing-pubdate.xml:11: 'Canada - Level 1: Exercise Normal Precautions': "
        "it has no <pubDate>; not imported"
    ]


def test_an_entry_without_a_title_is_named_by_its_link():
    item = FeedItem(4, "", "https://travel.state.gov/x/destination.can.html", date(2026, 9, 1), None, "CA")
    japan = "https://travel.state.gov/x/destination.jpn.html"
    kept = FeedItem(9, "Japan - Level 1: x", japan, date(2026, 9, 1), 1, "JA")
    result = read_feed([item, kept], "feed.xml")
    assert list(result.levels) == ["JP"]
    assert result.unmapped == [
        "feed.xml:4: 'https://travel.state.gov/x/destination.can.html': it has no <title>; not imported"
    ]
