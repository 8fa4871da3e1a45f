"""Screening results in the shape of the checklist's `screening` section."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from travelprep.screening import ScreeningResult

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
)


def screening_section(results: Iterable[ScreeningResult]) -> list[dict[str, Any]]:
    """One `{query, threshold, matches}` entry per result, in order; each match flags `hit`."""
    section = []
    for result in results:
        matches = []
        for match in result.matches:
            entry = {field: getattr(match, field) for field in MATCH_FIELDS}
            entry["matched_tokens"] = list(match.matched_tokens)
            entry["hit"] = match.score >= result.threshold
            matches.append(entry)
        section.append({"query": result.query, "threshold": result.threshold, "matches": matches})
    return section
