"""A checklist as text for the terminal, or as Markdown to paste into an email or a wiki."""

from __future__ import annotations

import re
from collections.abc import Iterator

from travelprep.engine.checklist import Checklist, ChecklistItem
from travelprep.engine.rules.items import Category

CATEGORY_TITLES = {
    Category.registration: "Registration",
    Category.device: "Devices",
    Category.data: "Data",
    Category.export_control: "Export control",
    Category.sanctions: "Sanctions",
    Category.customs: "Customs and border",
    Category.visa: "Visas and re-entry",
    Category.compliance: "Research compliance",
    Category.health_safety: "Health and safety",
    Category.return_: "After you return",
}


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")


def md_text(text: str) -> str:
    """Text that may hold what a traveller typed, as Markdown that shows it and renders nothing:
    a city of "<script>" or "[x](javascript:...)" pasted into a wiki stays plain text."""
    return _MARKDOWN.sub(r"\\\1", text)


def by_category(checklist: Checklist) -> Iterator[tuple[str, list[ChecklistItem]]]:
    """Items grouped by category, in the fixed category order, keeping due-date order within."""
    for category, title in CATEGORY_TITLES.items():
        items = [i for i in checklist.items if i.category == category]
        if items:
            yield title, items


def _when(item: ChecklistItem) -> str:
    if item.due is None:
        return "check now" if item.late_advice else "any time"
    flags = [f for f, on in (("OVERDUE", item.overdue), ("SHORT NOTICE", item.short_notice)) if on]
    return f"by {item.due.isoformat()}" + (f" [{', '.join(flags)}]" if flags else "")


def _header(checklist: Checklist) -> list[str]:
    trip = checklist.trip
    places = ", ".join(d.name for d in checklist.destinations)
    return [
        f"Trip to {places}: {trip.departure} to {trip.return_} ({_how_far(checklist)})",
        f"Data: {checklist.data.policy}; "
        + "; ".join(f"{s.name} as of {s.as_of}" for s in checklist.data.sources if s.kind != "policy"),
    ]


def _how_far(checklist: Checklist) -> str:
    """Days left before departure, or that the trip is under way or over: never negative days."""
    trip, today = checklist.trip, checklist.generated_on
    if trip.days_until_departure >= 0:
        return f"{trip.days_until_departure} days from {today}"
    if trip.return_ >= today:
        return f"under way on {today}: you left {-trip.days_until_departure} days ago"
    return f"over on {today}: you came back {(today - trip.return_).days} days ago"


def _stale_lines(checklist: Checklist) -> list[str]:
    """A warning per source past its age limit: the advice may no longer be right."""
    return [
        f"STALE DATA: {s.name}, as of {s.as_of}: {s.age_days} days old, past the "
        f"{s.limit_days}-day limit. Check the current facts before relying on this checklist."
        for s in checklist.data.stale
    ]


DEVICES_UNKNOWN = (
    "DEVICES NOT SAID: the itinerary does not say what you take (carrying.devices). Items marked "
    "NEEDS YOUR ANSWER apply if you take a laptop or phone; list your devices, or [none]."
)


def _pending(item: ChecklistItem) -> str:
    return " NEEDS YOUR ANSWER" if item.needs_answer else ""


def to_text(checklist: Checklist) -> str:
    """A readable checklist grouped by category."""
    lines = _header(checklist) + _stale_lines(checklist)
    lines += [DEVICES_UNKNOWN] if checklist.devices_unknown else []
    for title, items in by_category(checklist):
        lines += ["", title.upper()]
        for item in items:
            mark = "!" if item.priority == "required" else "-"
            when = f"{item.priority}, {_when(item)}"
            lines.append(f" {mark} {item.title} ({when}){_pending(item)}  [{item.id}]")
            if item.late_advice:
                lines.append(f"     Now: {item.late_advice}")
            lines += [f"     why: {reason}" for reason in item.reasons]
            lines.append(f"     contact: {item.contact.name} <{item.contact.email}>")
    lines += _screening_lines(checklist)
    return "\n".join(lines) + "\n"


def _screening_lines(checklist: Checklist) -> list[str]:
    if not checklist.screening:
        return []
    lines = ["", "INSTITUTIONS SCREENED"]
    for result in checklist.screening:
        # Hits only, as for visits: a candidate below the threshold is no match ("NIO, Inc."
        # for "... (Weihai)"); the JSON keeps every candidate with its `hit` flag.
        found = ", ".join(f"{m.name} ({m.list}, {m.score:.2f})" for m in result.hits)
        lines.append(f" - {result.query}: {found or 'no match'}")
    return lines


def to_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown, with each item's full text and links."""
    lines = ["# Travel checklist", ""] + [f"_{md_text(line)}_  " for line in _header(checklist)]
    lines += [f"**{line}**  " for line in _stale_lines(checklist)]
    lines += [f"**{DEVICES_UNKNOWN}**  "] if checklist.devices_unknown else []
    for title, items in by_category(checklist):
        lines += ["", f"## {title}"]
        for item in items:
            lines += ["", f"- [ ] **{item.title}** ({item.priority}, {_when(item)}){_pending(item)}"]
            if item.late_advice:
                lines.append(f"  - **Now:** {item.late_advice}")
            lines += [f"  - Why: {md_text(reason)}" for reason in item.reasons]
            lines += ["", *("  " + line if line else "" for line in item.body.splitlines())]
            lines += [f"  - [{link.title}]({link.url})" for link in item.links]
            lines.append(f"  - Contact: {item.contact.name} ({item.contact.email})")
    if checklist.screening:
        lines += ["", "## Institutions screened"]
        for result in checklist.screening:
            found = ", ".join(f"{m.name} ({m.list})" for m in result.hits) or "no match"
            lines.append(f"- {md_text(f'{result.query}: {found}')}")
    return "\n".join(lines) + "\n"
