"""Restricted-party screening of the institutions named on an itinerary.

The checklist engine only needs the `Screener` protocol and the result types below; the
matcher, the index and the list importers live in the modules of this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


def _empty(value: object) -> bool:
    return not value


# The fields added for explanations are left out of dumps while empty, so a result that
# has nothing new to say keeps the shape consumers already read.
def _added(default: object):  # noqa: ANN202 - a pydantic Field
    return Field(default, exclude_if=_empty)


class Match(BaseModel):
    """One listed party that a queried name resembles."""

    model_config = ConfigDict(frozen=True)

    name: str  # the listed party's primary name
    alias: str  # the listed name or alias that matched
    list: str  # which list, e.g. "TravelPrep shipped list" or "CSL: Entity List (EL)"
    source: str  # the list's source URL
    as_of: str  # the list's date, ISO format
    score: float  # 0..1
    matched_tokens: tuple[str, ...] = ()  # normalized tokens that agreed
    why: str = ""  # one plain sentence explaining the match
    entity_id: str = ""
    # Distinctive words of the listed name the query lacks, as the list spells them: any
    # one of them rules the match out (see `ScreeningResult.ruled_out`).
    missing: tuple[str, ...] = _added(())
    # The same party on other lists (sharing one of its names), as "list (as of date)", and
    # their entity ids: one match per party, so a decision on it covers every list.
    also_on: tuple[str, ...] = _added(())
    also_entity_ids: tuple[str, ...] = _added(())
    # What the list says the party is, when it says ("foreign talent recruitment program").
    group: str = _added("")


class ScreeningResult(BaseModel):
    """The candidate matches for one queried name, best first."""

    model_config = ConfigDict(frozen=True)

    query: str
    matches: tuple[Match, ...] = ()
    threshold: float = 0.0
    # Near misses ruled out because the query lacks a distinctive word of the listed name,
    # each with its `why` ("'Northwestern University' lacks 'Polytechnical'"). Never hits.
    ruled_out: tuple[Match, ...] = _added(())
    note: str = _added("")  # why a query was not screened by its words (too long, no words)

    @property
    def hits(self) -> tuple[Match, ...]:
        """The matches at or above the threshold: these fire `restricted-party-match`."""
        if not self.matches:  # most names match nothing: no generator to start
            return ()
        return tuple(m for m in self.matches if m.score >= self.threshold)


class Screener(Protocol):
    """Anything that screens names against restricted-party lists, purely in memory."""

    def screen(self, names: Sequence[str]) -> list[ScreeningResult]: ...


class NoScreening:
    """Echoes every name with no matches: used when no list is loaded."""

    def screen(self, names: Sequence[str]) -> list[ScreeningResult]:
        return [ScreeningResult(query=name) for name in names]


__all__ = ["Match", "NoScreening", "ScreeningResult", "Screener"]
