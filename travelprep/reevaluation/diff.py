"""What changed between two checklists of a trip, and why, in plain words (pure: no I/O).

A checklist is kept as a snapshot: its items (id, priority, due date, title), the facts of its
places that rules read (advisory level, sanctions, elevated risk, EAR groups) and the as-of
date of each source. Two snapshots give the diff a traveler sees; the reason names the data
change when one explains it ("Russia's advisory moved from Level 3 to Level 4 on 2026-11-30").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from travelprep.engine.checklist import Checklist
    from travelprep.engine.rules.rulebook import Rulebook

CHANGES = ("added", "removed", "required", "due_moved", "recommended")


@dataclass(frozen=True)
class Snapshot:
    """A checklist as it is stored in `checklist_versions`: JSON-ready lists and dicts."""

    items: list[dict[str, Any]]
    places: list[dict[str, Any]]
    sources: dict[str, Any]

    def digest(self) -> str:
        """What a new version is recorded for, as a short hash: the duties and the facts, not the wording."""
        duties = [(i["id"], i["priority"], i["due"]) for i in self.items]
        text = json.dumps([duties, self.places], sort_keys=True, separators=(",", ":"))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def snapshot_of(checklist: Checklist, rulebook: Rulebook) -> Snapshot:
    """The snapshot of a checklist made with `rulebook` (which knows each advisory's date)."""
    items = sorted(
        (
            {
                "id": item.id,
                "priority": str(item.priority),
                "due": item.due.isoformat() if item.due else None,
                "title": item.title,
            }
            for item in checklist.items
        ),
        key=lambda i: i["id"],
    )
    places = []
    for place in checklist.destinations:
        advisory = rulebook.countries.destination(place.country, place.region).advisory
        places.append(
            {
                "country": place.country,
                "region": place.region,
                "name": place.name,
                "advisory_level": place.advisory_level,
                "advisory_date": advisory.as_of.isoformat() if advisory else None,
                "sanctioned": place.sanctioned,
                "elevated_risk": place.elevated_risk,
                "ear_groups": list(place.ear_groups),
            }
        )
    sources = {s.kind: {"name": s.name, "as_of": s.as_of.isoformat()} for s in checklist.data.sources}
    return Snapshot(items, places, sources)


@dataclass(frozen=True)
class Entry:
    """One line of "Changed since you last looked"."""

    item: str
    change: str  # one of CHANGES
    reason: str
    title: str
    priority: str
    tightens: bool  # adds or tightens a required duty: worth an email

    def as_json(self) -> dict[str, Any]:
        """As stored and as the API gives it (the extra keys are for the page)."""
        return {
            "item": self.item,
            "change": self.change,
            "reason": self.reason,
            "title": self.title,
            "priority": self.priority,
            "tightens": self.tightens,
        }


def diff(before: Snapshot, after: Snapshot, *, cause: str = "") -> list[Entry]:
    """The items added, removed, made required or recommended, or due on another day.

    Wording changes give no entry: they change no duty.
    """
    why = explain(before, after, cause=cause)
    old = {i["id"]: i for i in before.items}
    new = {i["id"]: i for i in after.items}
    entries = []
    for item_id, item in new.items():
        title, priority = item["title"], item["priority"]
        was = old.get(item_id)
        if was is None:
            kind = "required" if priority == "required" else "recommended"
            entries.append(
                Entry(
                    item_id, "added", f"{why}: new {kind} item '{title}'", title, priority, kind == "required"
                )
            )
            continue
        if was["priority"] != priority:
            if priority == "required":
                entries.append(
                    Entry(item_id, "required", f"{why}: '{title}' is now required", title, priority, True)
                )
            else:
                text = f"{why}: '{title}' is now recommended (it was required)"
                entries.append(Entry(item_id, "recommended", text, title, priority, False))
        if was["due"] != item["due"]:
            entries.append(_due_moved(item, was["due"], why))
    for item_id, was in old.items():
        if item_id not in new:
            text = f"{why}: '{was['title']}' no longer applies"
            entries.append(Entry(item_id, "removed", text, was["title"], was["priority"], False))
    order = {change: n for n, change in enumerate(CHANGES)}
    return sorted(entries, key=lambda e: (not e.tightens, order[e.change], e.title))


def _due_moved(item: dict[str, Any], was: str | None, why: str) -> Entry:
    title, due, priority = item["title"], item["due"], item["priority"]
    if due is None:
        text = f"{why}: '{title}' no longer has a due date (it was due {was})"
        earlier = False
    elif was is None:
        text, earlier = f"{why}: '{title}' is now due {due}", True
    else:
        text, earlier = f"{why}: '{title}' is now due {due} (it was due {was})", due < was
    return Entry(item["id"], "due_moved", text, title, priority, earlier and priority == "required")


def explain(before: Snapshot, after: Snapshot, *, cause: str = "") -> str:
    """Why the checklist changed: the facts of the trip's places that moved, else the sources."""
    facts = place_changes(before.places, after.places)
    if facts:
        return "; ".join(facts)
    sources = source_changes(before.sources, after.sources)
    if sources:
        return "; ".join(sources)
    return _capitalized(cause) if cause else "The rules in force were updated"


def place_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """Plain lines for each fact of a place on the trip that differs between the two."""
    old = {(p["country"], p["region"]): p for p in before}
    lines = []
    for place in after:
        was = old.get((place["country"], place["region"]))
        if was is None:
            continue  # a place added by an edit: the edit explains itself
        name = place["name"]
        if was["advisory_level"] != place["advisory_level"]:
            lines.append(_advisory_line(name, was["advisory_level"], place))
        if was["sanctioned"] != place["sanctioned"]:
            state = "is now under" if place["sanctioned"] else "is no longer under"
            lines.append(f"{name} {state} comprehensive US sanctions")
        if was["elevated_risk"] != place["elevated_risk"]:
            state = "is now on" if place["elevated_risk"] else "is no longer on"
            lines.append(f"{name} {state} the institute's elevated-risk list")
        if was["ear_groups"] != place["ear_groups"]:
            groups = ", ".join(place["ear_groups"]) or "none"
            lines.append(f"{name}'s EAR country groups changed to {groups}")
    return lines


def _advisory_line(name: str, was: int | None, place: dict[str, Any]) -> str:
    level, day = place["advisory_level"], place["advisory_date"]
    on = f" on {day}" if day else ""
    if level is None:
        return f"{name}'s advisory level is no longer known"
    if was is None:
        return f"{name}'s advisory is now Level {level}{on}"
    return f"{name}'s advisory moved from Level {was} to Level {level}{on}"


def source_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """A line for each source whose as-of date moved (or that appeared)."""
    lines = []
    for kind, source in sorted(after.items()):
        was = before.get(kind)
        if was is None or was.get("as_of") != source["as_of"]:
            lines.append(f"{source['name']} were updated (as of {source['as_of']})")
    return lines


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
