"""What an itinerary edit changed, in words a traveller reads when two saves meet.

Pure: stored itineraries (CONTRACT.md's JSON shape) in, labels and plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The parts of an itinerary a traveller thinks of as one thing, in the form's order.
PARTS: tuple[tuple[str, str], ...] = (
    ("traveler", "Your details"),
    ("departure", "Departure date"),
    ("return", "Return date"),
    ("legs", "Destinations"),
    ("purposes", "Purposes"),
    ("activities", "Activities"),
    ("carrying", "What you carry"),
    ("institutions", "Institutions"),
)
LABELS = dict(PARTS)


def changed_parts(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The keys of PARTS whose stored value differs between two itineraries."""
    return [key for key, _ in PARTS if before.get(key) != after.get(key)]


def saved_value(itinerary: Mapping[str, Any], part: str) -> str:
    """One part of a stored itinerary as a short line of text (for "the saved trip now has")."""
    value = itinerary.get(part)
    if part == "legs":
        return "; ".join(_leg(leg) for leg in value or []) or "none"
    if part == "traveler":
        traveler = value or {}
        return ", ".join(str(traveler.get(key) or "") for key in ("name", "email") if traveler.get(key))
    if part == "activities":
        return ", ".join(key.replace("_", " ") for key, on in (value or {}).items() if on) or "none"
    if part == "carrying":
        carrying = value or {}
        things = [*(carrying.get("devices") or []), *(carrying.get("data") or [])]
        things += ["equipment"] if carrying.get("equipment") else []
        return ", ".join(str(t).replace("_", " ") for t in things) or "nothing"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value or "none")


def _leg(leg: Mapping[str, Any]) -> str:
    place = ", ".join(str(p) for p in (leg.get("city"), leg.get("region"), leg.get("country")) if p)
    dates = " to ".join(str(d) for d in (leg.get("arrive"), leg.get("depart")) if d)
    return f"{place} ({dates})" if dates else place


@dataclass(frozen=True)
class ChangedPart:
    """One part another save changed, with what the saved trip has now."""

    label: str
    saved: str


@dataclass(frozen=True)
class StaleEdit:
    """A form read at `seen` met a trip saved since at `current`: what those saves changed."""

    seen: int
    current: int
    parts: tuple[ChangedPart, ...]
    cancelled: bool

    @classmethod
    def of(
        cls, *, seen: int, current: int, itinerary: Mapping[str, Any], changed: Iterable[str], cancelled: bool
    ) -> StaleEdit:
        """The parts named in `changed` (PARTS keys, any order, repeats allowed), as saved now."""
        wanted = set(changed)
        parts = tuple(
            ChangedPart(label, saved_value(itinerary, key)) for key, label in PARTS if key in wanted
        )
        return cls(seen=seen, current=current, parts=parts, cancelled=cancelled)
