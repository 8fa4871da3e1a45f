"""`travelprep visit-checklist`: a visit file in, the host's checklist out."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from travelprep.cli.checklist_cmd import _parse_day as parse_day
from travelprep.cli.output import fail_on_bad_data, load_rulebook_or_exit


class VisitFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def visit_checklist(
    path: Path = typer.Argument(..., help="Visit file, YAML or JSON (see the README)."),
    format: VisitFormat = typer.Option(VisitFormat.text, "--format", "-f", help="Output format."),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The day to count from (default: today)."
    ),
) -> None:
    """Print the host's checklist for a visitor: every item, why it applies and when it is due.

    Exits with status 2 and names the field when the visit is invalid.
    """
    from travelprep.engine.visit import InvalidVisit
    from travelprep.engine.visit_checklist import generate_visit_checklist
    from travelprep.engine.visit_files import read_visit_file

    day = parse_day(today)
    try:
        visit = read_visit_file(path)
    except InvalidVisit as error:
        typer.echo("error: the visit is not valid:", err=True)
        for problem in error.errors:
            typer.echo(f"  {problem.field}: {problem.message}", err=True)
        raise typer.Exit(2) from None
    with fail_on_bad_data():
        result = generate_visit_checklist(visit, load_rulebook_or_exit(), day)
    if format is VisitFormat.json:
        typer.echo(json.dumps(result.to_data(), indent=2, ensure_ascii=False))
    elif format is VisitFormat.markdown:
        from travelprep.engine.visit_text import visit_to_markdown

        typer.echo(visit_to_markdown(result), nl=False)
    else:
        from travelprep.engine.visit_text import visit_to_text

        typer.echo(visit_to_text(result), nl=False)
