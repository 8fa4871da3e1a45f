"""`travelprep checklist`: an itinerary file in, a checklist out."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path

import typer

from travelprep.cli.output import fail_on_bad_data, fail_on_invalid_itinerary, load_rulebook_or_exit


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    ics = "ics"


def checklist(
    path: Path = typer.Argument(..., help="Itinerary file, YAML or JSON (see CONTRACT.md)."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    today: str | None = typer.Option(
        None,
        "--today",
        metavar="YYYY-MM-DD",
        help="The day to count from for due, overdue and short-notice (default: today).",
    ),
) -> None:
    """Print the checklist for an itinerary: every item, why it applies and when it is due.

    Exits with status 2 and names the field when the itinerary is invalid.
    """
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary_files import read_itinerary_file

    day = _parse_day(today)
    with fail_on_invalid_itinerary():
        itinerary = read_itinerary_file(path)
    with fail_on_bad_data():
        result = generate_checklist(itinerary, load_rulebook_or_exit(), day)
    if format is Format.json:
        typer.echo(json.dumps(result.to_data(), indent=2, ensure_ascii=False))
    elif format is Format.markdown:
        from travelprep.engine.text import to_markdown

        typer.echo(to_markdown(result), nl=False)
    elif format is Format.ics:
        from travelprep.calendar.downloads import itinerary_calendar

        # --today also fixes DTSTAMP, so the same file and day give the same bytes.
        typer.echo(itinerary_calendar(itinerary, result, now=_stamp(today)), nl=False)
    else:
        from travelprep.engine.text import to_text

        typer.echo(to_text(result), nl=False)


def _parse_day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: --today: {value!r} is not a date like 2026-11-21", err=True)
        raise typer.Exit(2) from None


def _stamp(today: str | None) -> datetime:
    now = datetime.now(UTC)
    return now if today is None else datetime.combine(date.fromisoformat(today), time.min, UTC)
