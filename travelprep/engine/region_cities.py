"""Cities of regions that have facts of their own (Crimea, Donbas, Abkhazia), by the names people write.

A traveller to Yalta who gives `country: UA` (or `RU`) and no region got Ukraine's (or Russia's)
facts and not a word about the Crimea embargo. The itinerary is refused instead, naming the
region to give: guessing it silently would hide from the traveller why the advice changed.
Spellings: English, Ukrainian and Russian transliterations; diacritics and case do not matter.
"""

from __future__ import annotations

import re
import unicodedata

from travelprep.engine import geography

# The country of the regions below, and the country codes a traveller may give for them.
CLAIMED_BY = {"UA": ("UA", "RU"), "GE": ("GE", "RU")}
_CLAIMING = frozenset(code for claims in CLAIMED_BY.values() for code in claims)

# city -> the region codes that may be given for it (the first is the one to suggest)
_CITIES: dict[str, tuple[str, ...]] = {}


def _add(regions: tuple[str, ...], *names: str) -> None:
    for name in names:
        _CITIES[name] = regions


_add(("UA-40", "UA-43"), "sevastopol", "sebastopol", "balaklava", "inkerman")
_add(
    ("UA-43", "UA-40"),
    "crimea",
    "krym",
    "republic of crimea",
    "simferopol",
    "simferopil",
    "yalta",
    "kerch",
    "yevpatoria",
    "yevpatoriia",
    "evpatoria",
    "feodosia",
    "feodosiia",
    "alushta",
    "sudak",
    "dzhankoi",
    "dzhankoy",
    "bakhchysarai",
    "bakhchisaray",
    "saky",
    "saki",
    "armiansk",
    "armyansk",
    "krasnoperekopsk",
    "foros",
    "livadia",
)
# Donetsk and Luhansk oblasts: only the occupied areas are embargoed, so any city of the
# oblast asks for the region, whose checklist then says to confirm where the traveller will be.
_add(
    ("UA-14",),
    "donetsk",
    "makiivka",
    "makeevka",
    "makeyevka",
    "horlivka",
    "gorlovka",
    "yenakiieve",
    "yenakiyevo",
    "enakievo",
    "khartsyzk",
    "snizhne",
    "torez",
    "debaltseve",
    "ilovaisk",
    "mariupol",
    "volnovakha",
    "kramatorsk",
    "sloviansk",
    "slavyansk",
    "bakhmut",
    "artemivsk",
    "kostiantynivka",
    "konstantinovka",
)
_add(
    ("UA-09",),
    "luhansk",
    "lugansk",
    "alchevsk",
    "kadiivka",
    "stakhanov",
    "krasnyi luch",
    "sievierodonetsk",
    "severodonetsk",
    "lysychansk",
    "lisichansk",
    "rubizhne",
    "antratsyt",
    "rovenky",
    "dovzhansk",
)
# Zaporizhzhia and Kherson oblasts: only towns in the occupied part (not the oblast capitals).
_add(("UA-23",), "melitopol", "berdiansk", "berdyansk", "enerhodar", "energodar", "tokmak")
_add(("UA-65",), "nova kakhovka", "henichesk", "genichesk", "skadovsk", "oleshky")
_add(("GE-AB",), "abkhazia", "sukhumi", "sokhumi", "sukhum", "gagra", "pitsunda", "gudauta", "ochamchire")


_KNOWN = frozenset(code for regions in _CITIES.values() for code in regions)


def _words(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]+", " ", plain.casefold().replace("'", "")).split())


def regions_for_city(country: str, city: str | None) -> tuple[str, ...]:
    """The region codes a leg to this city must give, or () when the city is not one of them.

    Any part of the city text counts ("Yalta, Crimea", "Sevastopol (Crimea)").
    """
    if not city or country.upper() not in _CLAIMING:  # no such city elsewhere: nothing to read
        return ()
    for part in re.split(r"[,;/()]", city):
        regions = _CITIES.get(_words(part))
        if regions and country.upper() in CLAIMED_BY[regions[0].split("-")[0]]:
            return regions
    return ()


def region_problem(country: str, region: str | None, city: str | None) -> str | None:
    """Why a leg to this city must give another region (or country), or None if it is fine."""
    regions = regions_for_city(country, city)
    if not regions or region in regions or (region and region not in _KNOWN):
        return None  # another region given: the traveller said where (Donetsk, Rostov oblast)
    wanted = regions[0]
    home = geography.region_country(wanted)
    also = f" and country {home}" if country != home else ""
    return (
        f"for {city}, give region {wanted}{also} ({geography.place_name(home, wanted)}): "
        "it has facts of its own (US sanctions, advisories); for a place of that name elsewhere, "
        "give its own region"
    )
