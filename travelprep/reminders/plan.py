"""Which checklist items to remind a traveler of today: pure, no database and no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from travelprep.engine.checklist import Checklist, ChecklistItem


@dataclass(frozen=True, slots=True)
class Reminder:
    """One item of one trip to remind about; (trip_id, item.id, kind, item.due) is its unique key."""

    trip_id: int
    trip_title: str
    trip_url: str
    item: ChecklistItem
    kind: str  # "due_soon" or "overdue"

    @property
    def key(self) -> tuple[int, str, str, date]:
        """What makes the reminder unique: a moved due date is a new reminder."""
        assert self.item.due is not None
        return (self.trip_id, self.item.id, self.kind, self.item.due)


def due_reminders(
    checklist: Checklist,
    *,
    trip_id: int,
    trip_title: str,
    trip_url: str,
    finished: frozenset[str],
    today: date,
    window_days: int,
) -> list[Reminder]:
    """Open items due within `window_days` of today ("due_soon") or before today ("overdue").

    Once the traveler has left, items to do before departure are no longer reminded of.
    """
    horizon = today + timedelta(days=window_days)
    departed = checklist.trip.departure < today
    found = []
    for item in checklist.items:
        if item.due is None or item.id in finished or item.due > horizon:
            continue
        if departed and item.due_anchor == "departure":
            continue
        kind = "overdue" if item.due < today else "due_soon"
        found.append(Reminder(trip_id, trip_title, trip_url, item, kind))
    return sorted(found, key=lambda r: (r.item.due, r.trip_id, r.item.id))
