"""Which listed party a query means, when several match.

When a query names a longer listed name, a shorter one inside it is not what it means.
"China Electronics Technology Group Corporation" holds every distinctive word of "China
Electronics Corporation", which would match too; but the query's "technology" belongs to
the longer listed name, so the shorter one is ruled out. Two entries of one institution on
different lists share a name, and never rule each other out.
"""

from __future__ import annotations

from collections.abc import Collection

from travelprep.screening import Match
from travelprep.screening.normalize import fold, token_spellings
from travelprep.screening.weights import FULL_WEIGHT, token_weight


def _distinctive(match: Match) -> frozenset[str]:
    return frozenset(t for t in match.matched_tokens if token_weight(t) >= FULL_WEIGHT)


def _names(match: Match, names_of: dict[str, Collection[str]]) -> set[str]:
    return {fold(n) for n in names_of.get(match.entity_id, (match.name,))}


def _narrower(match: Match, other: Match, words: frozenset[str]) -> bool:
    """`other` holds more of the query's distinctive words, or the same ones and more of its
    other words ("China Telecom Group" names the group, not "China Telecom Corporation")."""
    theirs = _distinctive(other)
    return words < theirs or (words == theirs and other.score > match.score)


def rule_out_subsumed(
    query: str, hits: list[Match], names_of: dict[str, Collection[str]]
) -> tuple[list[Match], list[Match]]:
    """Split word-matched hits into those kept and those a more specific hit rules out."""
    kept, ruled_out = [], []
    for match in hits:
        words = _distinctive(match)
        wider = next(
            (
                other
                for other in hits
                if _narrower(match, other, words) and not _names(match, names_of) & _names(other, names_of)
            ),
            None,
        )
        if wider is None:
            kept.append(match)
            continue
        spellings = token_spellings(wider.alias)
        extra = ", ".join(f"'{spellings.get(t, t)}'" for t in sorted(_distinctive(wider) - words))
        why = (
            f"'{query}' also has {extra}, which '{match.alias}' lacks and '{wider.alias}' "
            f"({wider.list}) has: the query names that one, so this is ruled out."
            if extra
            else f"'{query}' fits '{wider.alias}' ({wider.list}) better than '{match.alias}': "
            "the query names that one, so this is ruled out."
        )
        ruled_out.append(match.model_copy(update={"why": why}))
    return kept, ruled_out


def merge_same_party(matches: list[Match], names_of: dict[str, Collection[str]]) -> list[Match]:
    """One match per party: entries sharing a name (one party on several lists) become one.

    The best-scored entry stays, in the given order on ties; the others' lists go in
    `also_on` and their ids in `also_entity_ids`.
    """
    kept: list[Match] = []
    kept_names: list[set[str]] = []
    for match in matches:
        names = _names(match, names_of)
        same = next((i for i, known in enumerate(kept_names) if known & names), None)
        if same is None:
            kept.append(match)
            kept_names.append(names)
            continue
        first = kept[same]
        kept[same] = first.model_copy(
            update={
                "also_on": (*first.also_on, f"{match.list} (as of {match.as_of})"),
                "also_entity_ids": (*first.also_entity_ids, match.entity_id),
            }
        )
        kept_names[same] |= names
    return kept
