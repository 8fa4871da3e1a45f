"""A trip's checklist joined with the traveler's statuses, grouped and counted for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from travelprep.db.models import TripItem

if TYPE_CHECKING:
    from travelprep.engine.checklist import Checklist, ChecklistItem

CATEGORY_HEADINGS = {
    "registration": "Register the trip",
    "device": "Devices",
    "data": "Data",
    "export_control": "Export control",
    "sanctions": "Sanctions",
    "customs": "Customs",
    "visa": "Visas and re-entry",
    "compliance": "Research compliance",
    "health_safety": "Health and safety",
    "return": "After you return",
}
STATUS_LABELS = {"open": "To do", "done": "Done", "not_applicable": "Not applicable"}
# How "Changed since you last looked" labels each kind of change (reevaluation/diff.py).
CHANGE_LABELS = {
    "added": "New",
    "removed": "No longer applies",
    "required": "Now required",
    "due_moved": "New due date",
    "recommended": "Now recommended",
}


@dataclass(frozen=True)
class ItemView:
    """One checklist item with the traveler's status."""

    item: ChecklistItem
    status: str
    note: str

    @property
    def finished(self) -> bool:
        """Done or marked not applicable."""
        return self.status in ("done", "not_applicable")


@dataclass(frozen=True)
class ChecklistView:
    """What the trip page shows: items with statuses, dropped items, progress."""

    checklist: Checklist
    items: list[ItemView]
    dropped: list[TripItem]

    @classmethod
    def build(cls, checklist: Checklist, statuses: dict[str, TripItem]) -> ChecklistView:
        """Join the checklist computed today with the stored statuses."""
        items = []
        for item in checklist.items:
            row = statuses.get(item.id)
            items.append(ItemView(item, row.status if row else "open", row.note if row else ""))
        current = {item.id for item in checklist.items}
        dropped = [row for key, row in sorted(statuses.items()) if key not in current]
        return cls(checklist, items, dropped)

    @property
    def finished_count(self) -> int:
        """How many items are done or not applicable."""
        return sum(1 for view in self.items if view.finished)

    @property
    def percent(self) -> int:
        """Progress as a whole percentage."""
        return round(100 * self.finished_count / len(self.items)) if self.items else 100

    def by_category(self) -> list[tuple[str, list[ItemView]]]:
        """Items grouped under category headings, in the headings' order."""
        order = list(CATEGORY_HEADINGS)
        groups: dict[str, list[ItemView]] = {}
        for view in self.items:
            groups.setdefault(view.item.category, []).append(view)
        ranked = sorted(groups, key=lambda c: order.index(c) if c in order else len(order))
        return [(CATEGORY_HEADINGS.get(c, c.replace("_", " ").title()), groups[c]) for c in ranked]

    def by_due_date(self) -> list[tuple[str, list[ItemView]]]:
        """Items in one list, soonest due first; undated items last."""
        undated = date.max
        ordered = sorted(self.items, key=lambda v: (v.item.due or undated, v.item.id))
        return [("By due date", ordered)]

    def open_items_due(self) -> list[ItemView]:
        """Unfinished items that have a due date, soonest first."""
        due = [v for v in self.items if not v.finished and v.item.due is not None]
        return sorted(due, key=lambda v: v.item.due)

    def as_json(self) -> dict[str, Any]:
        """CONTRACT.md's checklist JSON, each item with its status and note added."""
        data = self.checklist.model_dump(mode="json")
        for item_json, view in zip(data["items"], self.items, strict=True):
            item_json["status"], item_json["note"] = view.status, view.note
        data["dropped"] = [
            {"id": r.item_id, "title": r.title, "status": r.status, "note": r.note} for r in self.dropped
        ]
        data["progress"] = {"finished": self.finished_count, "total": len(self.items)}
        return data
