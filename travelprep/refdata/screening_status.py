"""The shipped restricted-party lists as lines of `travelprep data status`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from travelprep.engine.facts.freshness import age_days, limit_for
from travelprep.refdata.status import SourceStatus
from travelprep.screening.lists.shipped import load_shipped_lists

KIND = "screening"


def shipped_list_statuses(checklists_dir: Path, today: date) -> list[SourceStatus]:
    """One status per list in `checklists/entities/`: its size, date and age."""
    statuses = []
    for entity_list in load_shipped_lists(checklists_dir):
        as_of = date.fromisoformat(entity_list.as_of)
        limit, age = limit_for(KIND), age_days(as_of, today)
        statuses.append(
            SourceStatus(
                name=entity_list.name,
                kind=KIND,
                origin="shipped",
                as_of=as_of,
                entries=len(entity_list.entities),
                age_days=age,
                limit_days=limit,
                stale=limit is not None and age > limit,
                source=entity_list.source,
            )
        )
    return statuses
