"""A query that goes on past a listed name's kind of institution names another one.

"Tianjin University of Technology" holds every word of "Tianjin University", but it is
another university: the query goes on "University of Technology", and the listed name has
no "technology" ("North China University of Technology" is not the "North University of
China" either). Normalized tokens drop "of", so this reads the query's text. Departments
are unaffected ("Tianjin University School of Chemistry", "Sun Yat-sen University Cancer
Center"), and so are a country's own qualifiers ("Army Engineering University of PLA").
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import OSA

from travelprep.engine.geography import country_names
from travelprep.screening.normalize import ABBREVIATIONS, has_han, name_forms
from travelprep.screening.scoring import Agreement, allowed_edits
from travelprep.screening.weights import KIND

# How an institution qualifies its own name by its country or army.
_OWN_COUNTRY = frozenset(
    """
    china chinese pla prc peoples people liberation army russia russian federation iran islamic republic
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def beyond_the_name(agreement: Agreement, text: str, query: str, alias: str, country: str) -> Agreement:
    """`agreement` of `alias` with a part of `query`, ruled out if the query names another
    institution past the alias, or a country other than the listed party's `country`."""
    return replace(agreement, goes_on=name_goes_on(text, alias), elsewhere=another_country(query, country))


def another_country(query: str, country: str) -> str:
    """The country a part of the query names ("National University of Defense, Pakistan"),
    when it is not `country`, the listed party's; "" otherwise or when `country` is unknown."""
    if not country:
        return ""
    for part in _PARTS.split(query)[1:]:
        code = _COUNTRY_CODES.get(part.strip().casefold())
        if code and _REGION.get(code, code) != _REGION.get(country, country):
            return country_names()[code]
    return ""


def name_goes_on(text: str, alias: str) -> str:
    """How `text` goes on past a kind of institution in `alias` with a word `alias` does not
    have ("University of Technology" for "Tianjin University"), or "" when it does not."""
    forms = name_forms(alias)  # a Chinese name's last form is its pinyin: "tianjin university"
    listed = {token for form in forms for token in form}
    for kind in listed & _KIND_THEN_OF.keys():
        for match in _KIND_THEN_OF[kind].finditer(text):
            word = match.group(2)
            tokens = [t for form in name_forms(word) for t in form]
            if tokens and not any(_known(t, listed) or t in _OWN_COUNTRY for t in tokens):
                return f"{match.group(1)} of {word}"
    return ""


def _known(token: str, listed: set[str]) -> bool:
    """The listed name has this word, perhaps misspelled ("Technolgy") or shortened ("Post")."""
    budget = allowed_edits(len(token))
    return token in listed or any(
        (budget and OSA.distance(token, word, score_cutoff=budget) <= budget)
        or (len(token) >= 4 and (word.startswith(token) or token.startswith(word)))
        for word in listed
    )


def _kind_then_of(kind: str) -> re.Pattern[str]:
    """'University of X', with any spelling of the kind word that normalizes to `kind`."""
    spellings = sorted({kind} | {short for short, full in ABBREVIATIONS.items() if full == kind}, key=len)
    alternatives = "|".join(re.escape(s) for s in reversed(spellings))
    # The word after "of" keeps an ampersand: "University of S&T" goes on "S&T" (science and
    # technology), not "S".
    return re.compile(rf"\b({alternatives})\.?\s+of\s+(?:the\s+)?([^\W\d_][\w'’&-]*)", re.IGNORECASE)


_KIND_THEN_OF = {kind: _kind_then_of(kind) for kind in KIND if not has_han(kind)}
_PARTS = re.compile(r"[,;()\[\]（）、，；]")
_COUNTRY_CODES = {name.casefold(): code for code, name in country_names().items()}
# Hong Kong and Macao parties appear on lists under China, and the other way round.
_REGION = {"HK": "CN", "MO": "CN"}
