"""The host's checklist as text for the terminal, or as Markdown to paste into an email."""

from __future__ import annotations

from travelprep.engine.rules.items import Category
from travelprep.engine.text import CATEGORY_TITLES, md_text
from travelprep.engine.visit_checklist import VisitChecklist, VisitChecklistItem

# A host's headings: the trip's, where they read for a visitor too.
VISIT_CATEGORY_TITLES = CATEGORY_TITLES | {
    Category.registration: "Access on campus",
    Category.visa: "Visas",
}


def visit_groups(checklist: VisitChecklist) -> list[tuple[str, list[VisitChecklistItem]]]:
    """Items grouped by category, in the fixed category order, keeping due-date order within."""
    found = []
    for category, title in VISIT_CATEGORY_TITLES.items():
        items = [i for i in checklist.items if i.category == category]
        if items:
            found.append((title, items))
    return found


def _when(item: VisitChecklistItem) -> str:
    if item.due is None:
        return "any time"
    flags = [f for f, on in (("OVERDUE", item.overdue), ("SHORT NOTICE", item.short_notice)) if on]
    return f"by {item.due.isoformat()}" + (f" [{', '.join(flags)}]" if flags else "")


def _header(checklist: VisitChecklist) -> list[str]:
    visit, today = checklist.visit, checklist.generated_on
    days = visit.days_until_arrival
    if days >= 0:
        when = f"{days} days from {today}"
    elif visit.depart >= today:
        when = f"under way on {today}: the visitor arrived {-days} days ago"
    else:
        when = f"over on {today}"
    places = ", ".join(c.name for c in checklist.visitor_countries)
    stale = [
        f"STALE DATA: {s.name}, as of {s.as_of}: {s.age_days} days old, past the {s.limit_days}-day "
        "limit. Check the current facts before relying on this checklist."
        for s in checklist.data.stale
    ]
    return [
        f"Visitor from {places}: {visit.arrive} to {visit.depart} ({when})",
        f"Data: {checklist.data.policy}",
        *stale,
    ]


def _sources(item: VisitChecklistItem) -> list[str]:
    return [
        f"{s.title} ({s.url}, as of {s.as_of}{', low confidence: verify' if s.confidence == 'low' else ''})"
        for s in item.sources
    ]


def _screened(checklist: VisitChecklist) -> list[str]:
    return [
        f"{r.query}: " + (", ".join(f"{m.name} ({m.list}, {m.score:.2f})" for m in r.hits) or "no match")
        for r in checklist.screening
    ]


def visit_to_text(checklist: VisitChecklist) -> str:
    """A readable checklist grouped by category."""
    lines = _header(checklist)
    for title, items in visit_groups(checklist):
        lines += ["", title.upper()]
        for item in items:
            mark = "!" if item.priority == "required" else "-"
            lines.append(f" {mark} {item.title} ({item.priority}, {_when(item)})  [{item.id}]")
            if item.late_advice:
                lines.append(f"     Now: {item.late_advice}")
            lines += [f"     why: {reason}" for reason in item.reasons]
            lines += [f"     source: {source}" for source in _sources(item)]
            lines.append(f"     contact: {item.contact.name} <{item.contact.email}>")
    if checklist.screening:
        lines += ["", "NAMES SCREENED", *(f" - {line}" for line in _screened(checklist))]
    return "\n".join(lines) + "\n"


def visit_to_markdown(checklist: VisitChecklist) -> str:
    """The checklist as Markdown, with each item's full text, links and sources."""
    lines = ["# Host checklist for a visitor", ""] + [f"_{md_text(line)}_  " for line in _header(checklist)]
    for title, items in visit_groups(checklist):
        lines += ["", f"## {title}"]
        for item in items:
            lines += ["", f"- [ ] **{item.title}** ({item.priority}, {_when(item)})"]
            if item.late_advice:
                lines.append(f"  - **Now:** {item.late_advice}")
            lines += [f"  - Why: {md_text(reason)}" for reason in item.reasons]
            lines += ["", *("  " + line if line else "" for line in item.body.splitlines())]
            lines += [f"  - [{link.title}]({link.url})" for link in item.links]
            lines += [f"  - Source: {source}" for source in _sources(item)]
            lines.append(f"  - Contact: {item.contact.name} ({item.contact.email})")
    if checklist.screening:
        lines += ["", "## Names screened", *(f"- {md_text(line)}" for line in _screened(checklist))]
    return "\n".join(lines) + "\n"
