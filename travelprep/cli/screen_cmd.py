"""`travelprep screen`: screen names against the restricted-party lists."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def screen(
    names: Annotated[
        list[str], typer.Argument(help="Names to screen; '-' reads one name per line from stdin.")
    ],
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
) -> None:
    """Screen institution names against the shipped and imported restricted-party lists."""
    from travelprep.paths import checklists_dir, data_dir
    from travelprep.refdata.screener import load_screener
    from travelprep.screening.errors import ScreeningDataError
    from travelprep.screening.report import screening_section

    queries = _expand_stdin(names)
    try:
        results = load_screener(checklists_dir(), data_dir()).screen(queries)
    except ScreeningDataError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    section = screening_section(results)
    if output is OutputFormat.json:
        typer.echo(json.dumps(section, ensure_ascii=False, indent=2))
        return
    typer.echo("\n\n".join(_as_text(entry) for entry in section))


def _expand_stdin(names: list[str]) -> list[str]:
    queries = []
    for name in names:
        if name == "-":
            queries += [line.strip() for line in sys.stdin if line.strip()]
        else:
            queries.append(name)
    return queries


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SHOWN = 120  # characters of a query echoed as its heading


def _heading(query: str) -> str:
    """The query on one line, without terminal control characters, and cut when very long."""
    shown = _CONTROL.sub(" ", query)
    return shown if len(shown) <= SHOWN else f"{shown[:SHOWN]}… ({len(shown):,} characters)"


def _as_text(entry: dict) -> str:
    lines = [_heading(entry["query"])]
    hits = [m for m in entry["matches"] if m["hit"]]
    near = [m for m in entry["matches"] if not m["hit"]]
    if entry.get("note"):
        lines.append(f"  {entry['note']}")
    elif not hits:
        lines.append(f"  no match at or above the threshold ({entry['threshold']:.2f})")
    for match in hits + near:
        label = "MATCH" if match["hit"] else "below threshold"
        lines.append(f"  {label}  {match['score']:.2f}  {match['name']}")
        lines.append(f"    list: {match['list']} (as of {match['as_of']}), {match['source']}")
        for other in match.get("also_on", []):
            lines.append(f"    also on: {other}")
        lines.append(f"    why: {match['why']}")
    for match in entry.get("ruled_out", []):
        lines.append(f"  ruled out  {match['score']:.2f}  {match['name']}")
        lines.append(f"    why: {match['why']}")
    if hits:
        lines.append("  Do not engage before Research Compliance has reviewed this match.")
    return "\n".join(lines)
