"""The plain text of calendar events: item descriptions, trip summaries, untrusted text cleaned."""

from __future__ import annotations

import re
from functools import lru_cache

from travelprep.engine.checklist import ChecklistItem

# C0 and C1 controls, DEL and the Unicode line separators: a line break in a property value
# could start a new property line in careless writers, and none belongs in a name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?!\s)([^*_\n]+?)(?<!\s)\1(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")

TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 8_000


def one_line(text: str, limit: int = TITLE_LIMIT) -> str:
    """Untrusted text as one clean line: controls become spaces, runs of space collapse, capped."""
    cleaned = " ".join(_CONTROL.sub(" ", text).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def lines_of(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Untrusted multi-line text: each line cleaned, line breaks kept as plain LF, capped."""
    kept = [one_line(line, limit) for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(kept).strip()
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=512)  # bodies come from the rules: a few dozen texts, converted once each
def markdown_to_plain(markdown: str) -> str:
    """Markdown as text a calendar shows well: unwrapped paragraphs, '- ' lists, links spelled out."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            flush()
            if blocks and blocks[-1] != "":
                blocks.append("")
        elif _HEADING.match(raw):
            flush()
            blocks.append(_inline(_HEADING.sub("", line)))
        elif _LIST_ITEM.match(raw):
            flush()
            current.append("- " + _inline(_LIST_ITEM.sub("", raw, count=1)))
        else:
            current.append(_inline(line))
    flush()
    return "\n".join(blocks).strip()


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1 (\2)", text.strip())
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _CODE.sub(r"\1", text)


def item_description(item: ChecklistItem, trip_url: str | None) -> str:
    """What to do now, why, the steps, links, contact and the trip page, as plain text."""
    parts: list[str] = []
    if item.late_advice:
        parts.append(f"Do this now: {one_line(item.late_advice, DESCRIPTION_LIMIT)}")
    if item.reasons:
        parts.append("Why:\n" + "\n".join(f"- {one_line(reason, 600)}" for reason in item.reasons))
    parts.append("What to do:\n" + lines_of(markdown_to_plain(item.body)))
    if item.links:
        parts.append("Links:\n" + "\n".join(f"- {one_line(link.title)}: {link.url}" for link in item.links))
    contact = item.contact
    parts.append(f"Contact: {one_line(contact.name)} <{contact.email}>, {contact.url}")
    if trip_url:
        parts.append(f"Your trip checklist: {trip_url}")
    return lines_of("\n\n".join(parts))
