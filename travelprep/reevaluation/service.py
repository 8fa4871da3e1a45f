"""What Research Compliance sees of a data change: how many trips it changed, how, and which."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from travelprep.db.models import ChecklistChange, DataChange, Reevaluation, Trip
from travelprep.reevaluation import repository as versions

TRIPS_SHOWN = 500


@dataclass(frozen=True)
class ChangeSummary:
    """One data change: "the advisory import of 2026-11-30 changed 120 trips: 40 now need ..."."""

    change: DataChange
    outcomes: dict[str, int]
    now_required: list[tuple[str, int]]  # (item title, trips), most trips first
    trips: list[tuple[Trip, ChecklistChange]]  # the first TRIPS_SHOWN, by departure
    invalid: list[tuple[Trip, Reevaluation]]

    @property
    def changed(self) -> int:
        """Trips whose traveler has a diff to see."""
        return self.outcomes.get("changed", 0)

    @property
    def checked(self) -> int:
        """Trips evaluated under this data version."""
        return sum(self.outcomes.values())

    def headline(self) -> str:
        """The summary line, in plain words."""
        line = (
            f"{_capitalized(self.change.cause)} changed {self.changed} trip{'s' if self.changed != 1 else ''}"
        )
        if self.now_required:
            parts = [f"{count} now need '{title}'" for title, count in self.now_required[:3]]
            line += ": " + "; ".join(parts)
        return line


def summaries(session: Session, *, limit: int = 10) -> list[DataChange]:
    """The latest data changes, newest first."""
    return versions.recent_data_changes(session, limit=limit)


def summary_of(session: Session, *, change: DataChange) -> ChangeSummary:
    """The counts, the duties added, the trips changed and those whose itinerary no longer validates."""
    found = versions.changes_of(session, data_version=change.data_version)
    required = Counter(
        entry["title"]
        for _, diff in found
        for entry in diff.entries
        if entry["change"] in ("added", "required") and entry["priority"] == "required"
    )
    return ChangeSummary(
        change=change,
        outcomes=versions.outcome_counts(session, data_version=change.data_version),
        now_required=required.most_common(),
        trips=found[:TRIPS_SHOWN],
        invalid=versions.invalid_trips(session, data_version=change.data_version),
    )


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
