"""Hide hits that compliance staff already cleared for the same name on the same trip."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from travelprep.screening import ScreeningResult
from travelprep.screening.normalize import name_forms


def query_key(query: str) -> str:
    """The normalized query a decision is kept under: case, spacing and punctuation fold away."""
    forms = name_forms(query)
    return " ".join(forms[0]) if forms else query.strip().casefold()


def suppress_cleared(
    results: Iterable[ScreeningResult], cleared: AbstractSet[tuple[str, str]]
) -> list[ScreeningResult]:
    """The results without matches whose (query_key(query), entity_id) is in `cleared`."""
    kept = []
    for result in results:
        key = query_key(result.query)
        matches = tuple(m for m in result.matches if (key, m.entity_id) not in cleared)
        kept.append(result.model_copy(update={"matches": matches}))
    return kept
