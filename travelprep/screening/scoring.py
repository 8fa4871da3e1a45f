"""Score one query form against one listed name form, and say why.

The score is a weighted F2 of two coverages: how much of the listed name's weight the
query contains (recall, which counts four times as much) and how much of the query's
weight the listed name explains (precision). So "Nanjing University" cannot reach
"Nanjing University of Science and Technology": the missing "science" and "technology"
weigh on recall. Extra query words such as "School of Astronautics" cost only a little.
Tokens agree exactly or within a few typing errors (rapidfuzz's optimal string alignment,
which counts a swap of two letters as one error), or as a long word cut short ("northwest"
for "northwestern", partial credit); adjacent query tokens are also tried joined, so
"Bei Hang" meets "beihang".

The score alone does not decide a match: every distinctive word of the listed name (every
word that is not a kind of institution or a generic word) must be present in the query,
exactly, misspelled, cut short or joined. "Northwestern University" shares two words with
"Northwestern Polytechnical University" but lacks "polytechnical", so it is ruled out.
A query that has them all can still name another body: a word of its own where the listed
name has a generic one, or a place put before the listed name, rule it out too (and, in
`continuation`, a name that goes on past the listed one, or another country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from travelprep.screening.normalize import has_han
from travelprep.screening.weights import FULL_WEIGHT, KIND, token_weight

BETA_SQUARED = 4.0  # F2: recall of the listed name matters more than extra query words
MIN_TRUNCATION = 5  # a cut-short word must keep at least this many letters
MIN_TRUNCATION_SHARE = 0.7  # ... and this share of the listed word
# Longer tokens are whole names in joined pinyin: cutting one short drops a word of it
# ("...guofang" for "...guofangkeji", 国防 for 国防科技).
MAX_TRUNCATED = 20
_OWN_PREFIXES = ("中国", "人民解放军", "解放军", "中国人民")
COMPASS = frozenset(
    """
    east west north south central northeast northwest southeast southwest eastern western northern southern
    """.split()  # noqa: SIM905 - a word list reads best as words
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A query token, or adjacent query tokens joined, and the query positions it covers."""

    text: str
    positions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    """How a query form and a listed form agreed."""

    score: float
    matched: tuple[str, ...]  # listed tokens found in the query
    approximate: tuple[tuple[str, str], ...]  # (query text, listed token) pairs with typos
    missing: tuple[str, ...]  # listed tokens absent from the query
    extra: tuple[str, ...]  # query tokens around the listed name that it does not explain
    inserted: tuple[str, ...] = ()  # query tokens inside the listed name's span
    lacking: tuple[str, ...] = ()  # distinctive listed tokens absent from the query
    # A kind of institution the query names ("institute") when the listed name names none
    # (a company, a programme): the query is about another body.
    other_kind: str = ""
    # A compass word the query puts right before a listed word ("east china"): another place.
    qualifier: str = ""
    # How the query goes on past a listed name that ends in a kind of institution
    # ("University of Technology" after "Tianjin University"): another institution.
    goes_on: str = ""
    # Another country than the listed party's that the query names ("..., Pakistan").
    elsewhere: str = ""

    @property
    def ruled_out(self) -> bool:
        """Whatever the score, this is not the listed party."""
        return bool(self.lacking or self.other_kind or self.qualifier or self.goes_on or self.elsewhere)

    def passes(self, threshold: float) -> bool:
        """A match: the score reaches the threshold and nothing rules it out."""
        return self.score >= threshold and not self.ruled_out


def allowed_edits(length: int) -> int:
    """Typing errors tolerated in a token of this length: none in short tokens.

    Never more than two, even in long joined pinyin, where three edits turn "beijing..."
    into "nanjing...".
    """
    if length < 5:
        return 0
    return 1 if length < 10 else 2


MAX_JOINED = 6  # adjacent query tokens tried joined: "Beijing Hangkong Hangtian" is 3


def query_pieces(tokens: tuple[str, ...]) -> list[Piece]:
    """Each token, each run of up to MAX_JOINED adjacent tokens joined, and the whole query."""
    pieces = [Piece(t, (i,)) for i, t in enumerate(tokens)]
    for size in range(2, min(MAX_JOINED, len(tokens)) + 1):
        pieces += [
            Piece("".join(tokens[i : i + size]), tuple(range(i, i + size)))
            for i in range(len(tokens) - size + 1)
        ]
    if len(tokens) > MAX_JOINED:
        pieces.append(Piece("".join(tokens), tuple(range(len(tokens)))))
    return pieces


def _best_piece(token: str, pieces: list[Piece], exact: dict[str, Piece]) -> tuple[float, Piece | None]:
    hit = exact.get(token)
    if hit is not None:
        return 1.0, hit
    budget = allowed_edits(len(token))
    best: tuple[float, Piece | None] = (0.0, None)
    if budget == 0:
        return best
    for piece in pieces:
        text = piece.text
        longer_by = len(token) - len(text)
        credit = 0.0
        if (
            longer_by > 0
            and len(text) >= MIN_TRUNCATION
            and len(token) <= MAX_TRUNCATED
            and token.startswith(text)
        ):
            # The query cut a long word short ("northwest" for "northwestern").
            share = len(text) / len(token)
            credit = share if share >= MIN_TRUNCATION_SHARE else 0.0
        if -budget <= longer_by <= budget and len(text) >= 4:
            edits = OSA.distance(token, text, score_cutoff=budget)
            if edits <= budget:
                credit = max(credit, 1.0 - edits / max(len(token), len(text)))
        if credit > best[0]:
            best = (credit, piece)
    return best


def agree(query: tuple[str, ...], pieces: list[Piece], listed: tuple[str, ...]) -> Agreement:
    """Compare a query form (with its pieces) against a listed form."""
    # A word the query repeats agrees where the listed name fits best: at its last place in
    # "School of Computer Science, Nanjing University of Science and Technology", at its
    # first in "Harbin Engineering University College of Shipbuilding Engineering".
    last = _agree(query, pieces, listed, {piece.text: piece for piece in pieces})
    if len(set(query)) == len(query):
        return last
    first = _agree(query, pieces, listed, {piece.text: piece for piece in reversed(pieces)})
    return first if first.score > last.score else last


def _agree(
    query: tuple[str, ...], pieces: list[Piece], listed: tuple[str, ...], exact: dict[str, Piece]
) -> Agreement:
    covered = [0.0] * len(query)
    matched, approximate, missing = [], [], []
    listed_total = listed_found = 0.0
    first = None  # where the query has the listed name's first word
    # A word the listed name repeats ("Federal ... Center ... Center") takes the query's next
    # copy of it, so that the name matches itself in full.
    copies: dict[str, list[Piece]] = {}
    for piece in pieces[: len(query)]:
        copies.setdefault(piece.text, []).append(piece)
    taken: dict[str, int] = {}
    for number, token in enumerate(listed):
        weight = token_weight(token)
        listed_total += weight
        credit, piece = _best_piece(token, pieces, exact)
        if piece is not None and token in taken and taken[token] < len(copies.get(token, ())):
            piece, credit = copies[token][taken[token]], 1.0
        taken[token] = taken.get(token, 0) + 1
        if piece is None:
            missing.append(token)
            continue
        first = piece if number == 0 and credit == 1.0 else first
        listed_found += weight * credit
        (matched if credit == 1.0 else approximate).append(token if credit == 1.0 else (piece.text, token))
        for position in piece.positions:
            covered[position] = max(covered[position], credit)
    inserted = _inserted(query, covered)
    # Words inside the span of the listed name make another name ("Beijing Institute of
    # Petrochemical Technology"): they weigh as if missing from the listed name as well.
    listed_total += sum(token_weight(query[p]) for p in inserted)
    query_total = sum(token_weight(t) for t in query)
    query_found = sum(token_weight(t) * c for t, c in zip(query, covered, strict=True))
    recall = listed_found / listed_total if listed_total else 0.0
    precision = query_found / query_total if query_total else 0.0
    score = _f_beta(precision, recall)
    extra = tuple(
        dict.fromkeys(
            t for p, (t, c) in enumerate(zip(query, covered, strict=True)) if c == 0.0 and p not in inserted
        )
    )
    # A token listed twice (a Han name's leading bigram) is reported once.
    missing_once = tuple(dict.fromkeys(missing))
    lacking = distinctive_missing(listed, missing_once)
    if not lacking and any(token_weight(t) >= FULL_WEIGHT for t in extra):
        # A word of the query's own where the listed name has a generic one: "China Aerospace
        # Science and Technology" is not "China Aerospace Science and Industry".
        lacking = missing_once
    return Agreement(
        round(score, 4),
        tuple(dict.fromkeys(matched)),
        tuple(dict.fromkeys(approximate)),
        missing_once,
        extra,
        tuple(dict.fromkeys(query[p] for p in inserted)),
        lacking,
        _other_kind(query, covered, listed, whole=not missing_once),
        _place_qualifier(query, covered, listed, first),
    )


def _other_kind(query: tuple[str, ...], covered: list[float], listed: tuple[str, ...], *, whole: bool) -> str:
    """A kind word of the query the listed name cannot explain, when it has no kind word; not
    when the whole listed name (`whole`) opens the query and only a unit's number precedes the
    kind word ("China Electronics Technology Group Corporation 14th Research Institute")."""
    if any(token in KIND for token in listed):
        return ""
    kind = next((p for p, t in enumerate(query) if covered[p] == 0.0 and t in KIND), -1)
    named = next((p for p, c in enumerate(covered) if c == 0.0), len(query))  # the name's end
    unit = whole and 0 < named <= kind and all(_UNIT.fullmatch(t) for t in query[named:kind])
    return "" if kind < 0 or unit else query[kind]


_UNIT = re.compile(r"\d+(st|nd|rd|th)?|no|number|research")


def _place_qualifier(
    query: tuple[str, ...], covered: list[float], listed: tuple[str, ...], first: Piece | None
) -> str:
    """A word of the query that says which place or body the listed name belongs to.

    A compass word right before a shared word: "East China University of Science and
    Technology" is not the "University of Science and Technology of China". Or a
    distinctive word right before a listed name that begins with its kind of institution
    (`first` is where the query has that word): "Shenyang Institute of Computing
    Technology" is not the "Institute of Computing Technology". Or characters joined to the
    front of a Chinese name.
    """
    for position, token in enumerate(query[:-1]):
        if token in COMPASS and token not in listed and not covered[position] and covered[position + 1]:
            return f"{token} {query[position + 1]}"
    if first is None or first.positions[0] == 0:
        return ""
    before = first.positions[0] - 1
    token = query[before]
    if covered[before] or token in listed:
        return ""
    if listed[0] in KIND and token_weight(token) >= FULL_WEIGHT:
        return f"{token} {query[first.positions[0]]}"
    # Characters joined to the front of a Chinese name make another name (西安电子科技大学 is
    # not 电子科技大学), unless they say whose country or army it is (中国人民解放军国防大学).
    prefix = "".join(t[0] for t in query[: before + 1] if has_han(t))
    if (
        has_han(token)
        and has_han(listed[0])
        and token[1:] == listed[0][:1]
        and not prefix.endswith(_OWN_PREFIXES)
    ):
        return prefix + listed[0][:1]
    return ""


def distinctive_missing(listed: tuple[str, ...], missing: tuple[str, ...]) -> tuple[str, ...]:
    """The missing tokens that rule a match out: the distinctive ones.

    A listed name made only of kind and generic words ("National Research Institute") has
    nothing distinctive, so each of its words counts.
    """
    if not any(token_weight(t) >= FULL_WEIGHT for t in listed):
        return missing
    return tuple(t for t in missing if token_weight(t) >= FULL_WEIGHT)


def _inserted(query: tuple[str, ...], covered: list[float]) -> list[int]:
    """Positions of unmatched query tokens between the first and last matched ones."""
    matched = [p for p, credit in enumerate(covered) if credit > 0.0]
    if not matched:
        return []
    # Initials and particles ("named after N.E. Bauman") do not make another name.
    return [p for p in range(matched[0], matched[-1] + 1) if covered[p] == 0.0 and len(query[p]) > 2]


def _f_beta(precision: float, recall: float) -> float:
    if precision == 0.0 or recall == 0.0:
        return 0.0
    return (1 + BETA_SQUARED) * precision * recall / (BETA_SQUARED * precision + recall)


def score_upper_bound(shared_weight: float, query_weight: float, listed_weight: float) -> float:
    """The best score a listed form can reach when at most `shared_weight` of it agrees."""
    precision = min(1.0, shared_weight / query_weight) if query_weight else 0.0
    recall = min(1.0, shared_weight / listed_weight) if listed_weight else 0.0
    return _f_beta(precision, recall)
