"""Turn a party's name into the comparable token forms that the index and scorer use.

A name gives one or two forms: its Latin tokens plus Han character bigrams, and, when it
contains Chinese characters, a second form where each run of them is written as joined
toneless pinyin ("哈尔滨工业大学" -> "haerbingongyedaxue"), so romanized input can match.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Bump when the output of `name_forms` changes: imported lists store normalized forms
# and are re-normalized at load time when their version differs.
NORMALIZER_VERSION = 4

ABBREVIATIONS = {
    "univ": "university",
    "uni": "university",
    "universitat": "university",
    "universite": "university",
    "universidad": "university",
    "universita": "university",
    "inst": "institute",
    "instit": "institute",
    "institut": "institute",
    "instituto": "institute",
    "tech": "technology",
    "techn": "technology",
    "technol": "technology",
    "technological": "technology",
    "sci": "science",
    "sciences": "science",
    "natl": "national",
    "nat": "national",
    "eng": "engineering",
    "engg": "engineering",
    "engr": "engineering",
    "aero": "aeronautics",
    "aeronautic": "aeronautics",
    "aeronautical": "aeronautics",
    "astro": "astronautics",
    "astronautic": "astronautics",
    "astronautical": "astronautics",
    "acad": "academy",
    "coll": "college",
    "dept": "department",
    "poly": "polytechnical",
    "polytech": "polytechnical",
    "polytechnic": "polytechnical",
    "intl": "international",
    "def": "defense",
    "defence": "defense",
    "centre": "center",
    "ctr": "center",
    "lab": "laboratory",
    "labs": "laboratory",
    "laboratories": "laboratory",
    "res": "research",
    "mfg": "manufacturing",
    "assoc": "association",
    "govt": "government",
    "mil": "military",
    # Web of Science affiliation abbreviations ("Harbin Engn Univ", "China Acad Engn Phys").
    "engn": "engineering",
    "phys": "physics",
    "aeronaut": "aeronautics",
    "astronaut": "astronautics",
    "sch": "school",
    "mech": "mechanical",
    "math": "mathematics",
    "informat": "information",
    "telecommun": "telecommunications",
    "commun": "communications",
    "aerosp": "aerospace",
    "nucl": "nuclear",
    "chem": "chemical",
    "med": "medical",
    "hosp": "hospital",
    "mat": "materials",
    "elect": "electronics",
    "electr": "electronics",
    # Pinyin and other spellings of kinds of institution and programme.
    "daxue": "university",
    "programme": "program",
    "programs": "program",
}
# Legal-form words say nothing about which party is meant.
LEGAL_FORMS = frozenset(
    """
    co company corp corporation inc incorporated ltd limited llc llp lp plc gmbh ag sa srl bv
    nv oy ab jsc pjsc ojsc cjsc ooo oao zao pte pty kg spa sarl sas kk sdn bhd
    """.split()  # noqa: SIM905 - a word list reads best as words
)
STOPWORDS = frozenset("of the and for at in de la le des du und der die fur et y named after".split())  # noqa: SIM905
CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SPACE_IN_HAN = re.compile(f"(?<=[{_HAN}])\\s+(?=[{_HAN}])")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_APOSTROPHE = re.compile(r"['\u2019\u02bc`]")
# Cyrillic and Arabic-script letters stay as they are, so listed Russian and Persian names
# match queries written in their own script.
_OTHER_SCRIPTS = "\u0400-\u04ff\u0600-\u06ff"
_NOT_WORD = re.compile(f"[^0-9a-z{_HAN}{_OTHER_SCRIPTS}]+")


def fold(text: str) -> str:
    """Compatibility-fold, lower-case and strip diacritics ("Universität" -> "universitat")."""
    if text.isascii():  # most names: nothing to decompose
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin_tokens(folded: str) -> list[str]:
    text = folded.replace("s&t", " science technology ")
    tokens = [ABBREVIATIONS.get(t, t) for t in _NOT_WORD.sub(" ", text).split()]
    kept = [t for t in tokens if t not in STOPWORDS and t not in LEGAL_FORMS]
    # A name made only of legal-form words or stopwords keeps them rather than vanishing.
    return kept or tokens


def han_bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a run of Han characters (one character stays whole)."""
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _strip_cjk_legal_forms(text: str) -> str:
    for form in CJK_LEGAL_FORMS:
        text = text.replace(form, " ")
    return text


def pinyin(run: str) -> str:
    """Toneless pinyin of a run of Han characters, joined ("北航" -> "beihang")."""
    # pypinyin's phrase dictionary costs ~0.3 s to load, more than a whole CLI checklist.
    # Listed names and queries are transliterated the same way, so per-character readings
    # match each other; the labelled set's precision and recall hold without phrases.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import lazy_pinyin  # loads its dictionaries: keep it off the import path

    return "".join(lazy_pinyin(run, errors="ignore"))


_HAN_UNIVERSITY = ("大学", "大學")


def _romanized(run: str) -> list[str]:
    """A Han run as joined pinyin, with a final 大学 read as "university".

    So "Beijing Ligong University" and "Beijing Ligong Daxue" both meet 北京理工大学.
    """
    if len(run) > 2 and run.endswith(_HAN_UNIVERSITY):
        return [pinyin(run[:-2]), "university"]
    return [pinyin(run)]


def name_forms(name: str) -> tuple[tuple[str, ...], ...]:
    """The token forms of a name: script form first, pinyin form second when it has Han."""
    # Undot acronyms before folding so "N.U.A.A." reads as one token "nuaa".
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", name)
    # Chinese writes no spaces between words: "北京 航空 航天 大学" is 北京航空航天大学.
    text = _SPACE_IN_HAN.sub("", text)
    folded = _APOSTROPHE.sub("", fold(text))
    if not _HAN_RUN.search(folded):
        tokens = tuple(_latin_tokens(folded))
        return (tokens,) if tokens else ()
    folded = _strip_cjk_legal_forms(folded)
    script: list[str] = []
    romanized: list[str] = []
    for chunk in _HAN_RUN.split(folded):
        script.extend(_latin_tokens(chunk))
    for run in _HAN_RUN.findall(folded):
        bigrams = han_bigrams(run)
        # The leading bigram is usually the place ("北京" vs "南京"): count it twice, or the
        # shared domain bigrams (航空, 航天, 大学...) would outweigh it.
        script.extend(bigrams + bigrams[:1] if len(run) >= 4 else bigrams)
        romanized.extend(_romanized(run))
    latin = [t for t in _latin_tokens(_HAN_RUN.sub(" ", folded)) if t]
    forms = [tuple(script)]
    if romanized:
        forms.append(tuple(latin + romanized))
    return tuple(f for f in forms if f)


def token_spellings(name: str) -> dict[str, str]:
    """Each normalized token of a name, mapped to the word the name spells it with."""
    spelled: dict[str, str] = {}
    for word in _SPLIT_WORDS.split(name):
        for run in _HAN_RUN.findall(word):
            spelled.setdefault(_romanized(run)[0], run)
            for bigram in han_bigrams(run):
                spelled.setdefault(bigram, bigram)
        latin = _HAN_RUN.sub(" ", word)
        for token in _latin_tokens(_APOSTROPHE.sub("", fold(latin))):
            spelled.setdefault(token, latin.strip(".&-'"))
    return spelled


_SPLIT_WORDS = re.compile(r"[\s,;:()\[\]/（）、，；]+")


def has_han(text: str) -> bool:
    """True when the text contains Chinese characters."""
    return bool(_HAN_RUN.search(text))


def acronym_key(text: str) -> str:
    """The comparable form of an abbreviation: letters and digits only, upper case."""
    return re.sub(r"[^0-9A-Z]", "", fold(text).upper())
