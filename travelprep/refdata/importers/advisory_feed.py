"""Read the State Department travel-advisory RSS feed into one level per country, safely.

The feed's traps (see FACTS.md): countries carry the State Department's own tags, not ISO;
a country can appear twice (old and new style), titles vary ("Mexico Travel Advisory -
Level 2…", a level repeated), and one tag (IS) covers Israel, the West Bank and Gaza.
Parsing refuses DTD entities and external references, so a hostile feed cannot expand or
read files. Entries that cannot be placed are reported, never guessed.

As published, `pubDate` is a day without a time ("Tue, 15 Sep 2026"), not the RFC 822
date-time RSS asks for; some copies carry a time and a zone ("... 09:00:00 EDT"), ISO dates,
or a broken year ("Wed, 05 Jun 20242024"). An entry whose title, link or date cannot be
read is named with its line and left out; the rest of the feed is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from travelprep.engine import geography
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.country_tags import (
    iso2_from_iso3,
    iso2_from_tag,
    iso3_in_link,
    place_qualifier,
)

_LEVEL = re.compile(r"\bLevel\s*([1-4])\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    """One `<item>` of the feed, as read, before it is placed on the map."""

    line: int
    title: str
    link: str
    published: date | None
    level: int | None
    tag: str | None
    pub_date: str = ""  # <pubDate> as written, to name an entry whose date cannot be read


@dataclass(frozen=True)
class CountryLevel:
    """The advisory in force for one country."""

    level: int
    date: date
    link: str
    title: str


@dataclass
class FeedReading:
    """What a feed says, country by country, and the entries it could not use."""

    levels: dict[str, CountryLevel]
    as_of: date
    items: int
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _LineTreeBuilder(TreeBuilder):
    """A tree builder that remembers the line where each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Element, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def parse_items(data: bytes, where: str) -> list[FeedItem]:
    """The items of an RSS 2.0 advisory feed; ImportRefused when it is not one."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise ImportRefused(
            where,
            None,
            f"refused: the file declares XML entities or external "
            f"references ({type(error).__name__}: "
            f"{getattr(error, 'name', '')}), which the advisory feed "
            f"never does",
        ) from None
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise ImportRefused(where, line, f"not well-formed XML: {error}") from None
    if root.tag != "rss" or root.get("version") != "2.0":
        raise ImportRefused(
            where,
            1,
            f'expected an RSS 2.0 feed (<rss version="2.0">), found <{root.tag}>; is this the advisory feed?',
        )
    channel = root.find("channel")
    if channel is None:
        raise ImportRefused(where, builder.lines.get(root), "the feed has no <channel>")
    elements = channel.findall("item")
    if not elements:
        raise ImportRefused(where, builder.lines.get(channel), "the feed has no <item> entries")
    return [_item(element, builder.lines.get(element, 0)) for element in elements]


def _item(element: Element, line: int) -> FeedItem:
    def text(name: str) -> str:
        found = element.find(name)
        return " ".join((found.text or "").split()) if found is not None else ""

    title, link, published = text("title"), text("link"), text("pubDate")
    categories = {c.get("domain"): (c.text or "").strip() for c in element.findall("category")}
    level = _level(categories.get("Threat-Level"), title)
    tag = categories.get("Country-Tag") or None
    return FeedItem(line, title, link, feed_date(published), level, tag, published)


_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# "Tue, 15 Sep 2026", the feed as published: a day with no time (the weekday optional).
_DAY_ONLY = re.compile(r"^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})$")


def feed_date(value: str) -> date | None:
    """The day of a `<pubDate>`: RFC 822 with or without a time and zone, or ISO; else None."""
    value = value.strip()
    if not value:
        return None
    day_only = _DAY_ONLY.match(value)
    if day_only:
        day, month, year = day_only.groups()
        try:
            return date(int(year), _MONTHS.get(month.casefold(), 0), int(day))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:  # some copies of the feed carry ISO dates
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _level(category: str | None, title: str) -> int | None:
    """The level from the Threat-Level category, else from the title when it names only one."""
    for text in (category or "", title):
        levels = {int(n) for n in _LEVEL.findall(text)}
        if len(levels) == 1:
            return levels.pop()
    return None


def read_feed(items: list[FeedItem], where: str) -> FeedReading:
    """One level per country: the newest entry per place; places sharing a code, the strictest."""
    unmapped, notes = [], []
    newest: dict[tuple[str, str], tuple[FeedItem, str]] = {}
    for item in items:
        where_line = f"{where}:{item.line}"
        problem = _unusable(item)
        if problem:
            named = item.title or item.link or "an <item>"
            unmapped.append(f"{where_line}: {named!r}: {problem}; not imported")
            continue
        code = _country(item, where_line, notes)
        if code is None:
            unmapped.append(
                f"{where_line}: {item.title!r}: cannot map tag {item.tag!r} / link "
                f"{item.link!r} to a country; not imported"
            )
            continue
        key = (code, place_qualifier(code, item.title))
        kept = newest.get(key)
        if kept is None or _recency(item) > _recency(kept[0]):
            newest[key] = (item, code)
    levels: dict[str, CountryLevel] = {}
    for item, code in sorted(newest.values(), key=lambda pair: pair[0].line):
        entry = CountryLevel(item.level, item.published, item.link, item.title)
        if code not in levels or entry.level > levels[code].level:
            levels[code] = entry
    dated = [item.published for item in items if item.published]
    if not levels or not dated:
        raise ImportRefused(where, None, "no entry of the feed could be used; nothing imported")
    return FeedReading(levels, max(dated), len(items), unmapped, notes)


def _unusable(item: FeedItem) -> str | None:
    """Why an entry cannot be used, in words; None when it can."""
    if not item.title:
        return "it has no <title>"
    if item.level is None:
        return "no advisory level in its category or title"
    if item.published is None:
        return f"its <pubDate> {item.pub_date!r} is not a date" if item.pub_date else "it has no <pubDate>"
    return None


def _recency(item: FeedItem) -> tuple:
    """Newest first; on the same day the stricter level, so feed order never matters."""
    return item.published, item.level, item.link, item.title


def _country(item: FeedItem, where_line: str, notes: list[str]) -> str | None:
    """The ISO alpha-2 of an item: the link's ISO-3 when present, else the Country-Tag."""
    from_link = None
    iso3 = iso3_in_link(item.link)
    if iso3:
        from_link = iso2_from_iso3(iso3)
    from_tag = iso2_from_tag(item.tag, item.title) if item.tag else None
    if from_link and from_tag and from_link != from_tag:
        notes.append(
            f"{where_line}: {item.title!r}: link says {from_link}, tag {item.tag} says "
            f"{from_tag}; used the link"
        )
    code = from_link or from_tag
    return code if code and geography.is_country(code) else None
