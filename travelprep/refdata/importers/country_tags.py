"""The State Department's own country tags and the ISO-3 codes in its links, as ISO alpha-2.

The table lives in state_department_tags.csv beside this module, with its sources.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

TABLE = Path(__file__).with_name("state_department_tags.csv")
# Codes the State Department uses in links that ISO 3166 does not assign (Kosovo is
# user-assigned: XK / XKX), so pycountry cannot resolve them.
EXTRA_ISO3 = {"XKX": "XK"}
_LINK_ISO3 = re.compile(r"destination\.([a-z]{3})\.html?\b", re.IGNORECASE)


@dataclass(frozen=True)
class TagRow:
    tag: str
    iso2: str
    title_contains: str
    name: str


@cache
def tag_table() -> dict[str, tuple[TagRow, ...]]:
    """Every tag with its rows, in file order."""
    lines = [
        line for line in TABLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    table: dict[str, list[TagRow]] = {}
    for row in csv.DictReader(lines):
        table.setdefault(row["tag"], []).append(TagRow(**row))
    return {tag: tuple(rows) for tag, rows in table.items()}


def iso2_from_tag(tag: str, title: str) -> str | None:
    """The ISO alpha-2 for a Country-Tag; a tag shared by several places picks by the title."""
    rows = tag_table().get(tag.strip().upper(), ())
    folded = title.casefold()
    for row in rows:
        if not row.title_contains or row.title_contains.casefold() in folded:
            return row.iso2
    return None


def iso3_in_link(link: str) -> str | None:
    """The ISO-3 code of a new-style link (`.../destination.mex.html`), upper case."""
    found = _LINK_ISO3.search(link)
    return found.group(1).upper() if found else None


def iso2_from_iso3(code: str) -> str | None:
    """ISO alpha-3 to alpha-2, or None when no country has that code."""
    if code in EXTRA_ISO3:
        return EXTRA_ISO3[code]
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def place_qualifier(iso2: str, title: str) -> str:
    """Which of several places sharing `iso2` a title names ('Gaza', 'West Bank'), or ''."""
    folded = title.casefold()
    for rows in tag_table().values():
        for row in rows:
            if row.iso2 == iso2 and row.title_contains and row.title_contains.casefold() in folded:
                return row.title_contains
    return ""
