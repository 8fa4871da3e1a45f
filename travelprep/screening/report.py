"""Screening results in the shape of the checklist's `screening` section."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from travelprep.screening import Match, ScreeningResult

MATCH_FIELDS = (
    "name",
    "alias",
    "list",
    "source",
    "as_of",
    "score",
    "matched_tokens",
    "why",
    "entity_id",
    "missing",
    "also_on",
    "also_entity_ids",
)


def screening_section(results: Iterable[ScreeningResult]) -> list[dict[str, Any]]:
    """One `{query, threshold, matches, ruled_out, note}` entry per result, in order.

    Each match flags `hit`; a look-alike in `ruled_out` is never a hit and its `why` says
    which distinctive word the query lacks.
    """
    section = []
    for result in results:
        matches = [_entry(m, hit=m.score >= result.threshold) for m in result.matches]
        ruled_out = [_entry(m, hit=False) for m in result.ruled_out]
        section.append(
            {
                "query": result.query,
                "threshold": result.threshold,
                "matches": matches,
                "ruled_out": ruled_out,
                "note": result.note,
            }
        )
    return section


def _entry(match: Match, *, hit: bool) -> dict[str, Any]:
    entry = {field: getattr(match, field) for field in MATCH_FIELDS}
    entry["matched_tokens"] = list(match.matched_tokens)
    entry["missing"] = list(match.missing)
    entry["also_on"] = list(match.also_on)
    entry["also_entity_ids"] = list(match.also_entity_ids)
    entry["hit"] = hit
    return entry
