"""Country and region codes, and the names people know them by.

Names come from pycountry, except where its official names read awkwardly to travellers.
Kosovo (XK) is a user-assigned code that pycountry does not carry.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pycountry

NAME_OVERRIDES: dict[str, str] = {
    "TW": "Taiwan",
    "MO": "Macau",
    "HK": "Hong Kong",
    "TR": "Türkiye",
    "XK": "Kosovo",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "IR": "Iran",
    "SY": "Syria",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "VN": "Vietnam",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestinian Territories",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FM": "Micronesia",
    "BN": "Brunei",
    "CV": "Cabo Verde",
    "CZ": "Czechia",
    "GB": "United Kingdom",
    "US": "United States",
    "VA": "Vatican City",
}
EXTRA_COUNTRIES = {"XK"}

# Regions whose own names pycountry lacks or spells for officials, not travellers.
REGION_NAME_OVERRIDES: dict[str, str] = {
    "UA-43": "Crimea",
    "UA-40": "Sevastopol",
    # Whole oblasts: only their occupied parts (the so-called DNR and LNR) are embargoed.
    "UA-14": "Donetsk oblast",
    "UA-09": "Luhansk oblast",
    "UA-23": "Zaporizhzhia oblast",
    "UA-65": "Kherson oblast",
}

# ISO 3166-2 lists Hong Kong, Macau and Taiwan as subdivisions of China, but each has its own
# alpha-2 code and its own facts: as a region of CN it would take China's (Taiwan in EAR group
# D:5 and on the elevated-risk list, Macau in D:5, Hong Kong under the mainland's VPN ban).
OWN_COUNTRY_REGIONS: dict[str, str] = {"CN-HK": "HK", "CN-MO": "MO", "CN-TW": "TW"}


@cache
def country_names() -> dict[str, str]:
    """Every known alpha-2 code mapped to its display name, sorted by name."""
    names = {
        c.alpha_2: NAME_OVERRIDES.get(c.alpha_2, getattr(c, "common_name", c.name))
        for c in pycountry.countries
    }
    names.update({code: NAME_OVERRIDES[code] for code in EXTRA_COUNTRIES})
    return dict(sorted(names.items(), key=lambda item: item[1]))


# Codes people write that ISO 3166-1 alpha-2 spells otherwise.
COMMON_MISTAKES = {"UK": "GB", "EL": "GR", "KV": "XK"}


def code_for(text: str) -> str | None:
    """The alpha-2 code someone probably meant by a name, an alpha-3 code or "UK", if any.

    Only on the error path: building the name index costs a few milliseconds.
    """
    given = " ".join(text.split()).casefold()
    if given.upper() in COMMON_MISTAKES:
        return COMMON_MISTAKES[given.upper()]
    for country in pycountry.countries:
        names = {
            country.alpha_3,
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
        }
        if given in {n.casefold() for n in names if n}:
            return country.alpha_2
    return next((code for code, name in country_names().items() if name.casefold() == given), None)


def code_hint(text: str) -> str:
    """'RU for Russia' when `text` names a country another way, else 'e.g. CN'."""
    meant = code_for(text)
    return f"{meant} for {country_name(meant)}" if meant else "e.g. CN"


def is_country(code: str) -> bool:
    """True for a known ISO 3166-1 alpha-2 code (upper case), Kosovo included."""
    return code in country_names()


def country_name(code: str) -> str:
    """The display name of a country code, or the code itself if unknown."""
    return country_names().get(code, code)


@cache
def _region_names() -> dict[str, str]:
    """Every ISO 3166-2 code with its name, read from pycountry's own data file.

    `pycountry.subdivisions` builds and indexes 5,000 objects on first use, which cost every
    `travelprep checklist` run 50 ms or more; codes and names are all that is asked of it here.
    """
    with (Path(pycountry.DATABASE_DIR) / "iso3166-2.json").open("rb") as file:
        return {entry["code"]: entry["name"] for entry in json.load(file)["3166-2"]}


def is_region(code: str) -> bool:
    """True for a known ISO 3166-2 subdivision code (upper case)."""
    return code in _region_names()


def region_country(code: str) -> str:
    """The alpha-2 country a region code belongs to, e.g. UA-43 -> UA."""
    return code.split("-", 1)[0]


def region_name(code: str) -> str:
    """The display name of a region code."""
    if code in REGION_NAME_OVERRIDES:
        return REGION_NAME_OVERRIDES[code]
    return _region_names().get(code, code)


def place_name(country: str, region: str | None = None) -> str:
    """'Crimea, Ukraine' or 'China': how a destination reads in a sentence."""
    return f"{region_name(region)}, {country_name(country)}" if region else country_name(country)
