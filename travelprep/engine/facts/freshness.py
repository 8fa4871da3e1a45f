"""How old each data source is, and whether it is past the age at which advice goes wrong.

Limits are per kind of source (SourceInfo.kind), in days:
- advisories 30: the State Department revises levels monthly.
- sanctions and ear_groups 90: OFAC programs and the EAR country groups change several times a
  year.
- visas 180: visa regimes change a few times a year per country; the table covers 200 passports.
- travel_notes 90: the notes come from advisories and border rules that change as often as
  sanctions.
- risks 90: destination risks come from advisories, sanctions programs and entry
  proclamations, which change as often as the sanctions.
- policy 365: institute policy is reviewed yearly; a year-old policy file needs a look.
- encryption_vpn: no limit. The import-of-encryption facts are survey data of 2000-2008 by
  nature and every fact in that file is marked `confidence: low`, with its as-of date shown.
  Flagging it stale on every checklist, forever, would teach readers to ignore the warning;
  `data status` still shows its age.
Any other kind (a screening list, a future source) gets DEFAULT_LIMIT_DAYS.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from travelprep.engine.facts.places import SourceInfo

LIMIT_DAYS: dict[str, int | None] = {
    "advisories": 30,
    "sanctions": 90,
    "ear_groups": 90,
    "visas": 180,
    "travel_notes": 90,
    "risks": 90,
    "policy": 365,
    "encryption_vpn": None,
}
DEFAULT_LIMIT_DAYS = 90


class StaleSource(NamedTuple):
    """A source older than its limit (a named tuple: every checklist makes these)."""

    name: str
    kind: str
    as_of: date
    age_days: int
    limit_days: int


def limit_for(kind: str) -> int | None:
    """The age in days past which a source of this kind is stale; None: never stale."""
    return LIMIT_DAYS.get(kind, DEFAULT_LIMIT_DAYS)


def age_days(as_of: date, today: date) -> int:
    """Whole days from the data's as-of date to today (0 for data dated in the future)."""
    return max((today - as_of).days, 0)


def stale_sources(sources: Iterable[SourceInfo], today: date) -> list[StaleSource]:
    """The sources past their limit on `today`, oldest first beyond its limit."""
    return Freshness(sources).stale(today)


class Freshness:
    """The sources with an age limit, each with the last day it is fresh: the dates worked out once."""

    def __init__(self, sources: Iterable[SourceInfo]) -> None:
        limited = [
            (source.as_of + timedelta(days=limit), source.name, source, limit)
            for source in sources
            if (limit := limit_for(source.kind)) is not None
        ]
        # Oldest beyond its limit first, on any day: the order of the last fresh days.
        self._limited = sorted(limited, key=lambda entry: entry[:2])

    def stale(self, today: date) -> list[StaleSource]:
        """The sources past their limit on `today`, oldest first beyond its limit."""
        stale = []
        for last, name, source, limit in self._limited:
            if today <= last:
                break
            stale.append(StaleSource(name, source.kind, source.as_of, age_days(source.as_of, today), limit))
        return stale
