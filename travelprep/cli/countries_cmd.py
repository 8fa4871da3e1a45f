"""`travelprep countries`: print the facts known for countries and regions."""

from __future__ import annotations

import typer

from travelprep.cli.output import load_rulebook_or_exit


def countries(
    codes: list[str] = typer.Argument(..., help="ISO 3166 codes, e.g. CN HK UA-43."),
) -> None:
    """Print the facts known for each country or region, with source and as-of date.

    A region (ISO 3166-2, e.g. UA-43 for Crimea) shows its country's facts and its own.
    """
    book = load_rulebook_or_exit().countries
    unknown = []
    for code in codes:
        try:
            place = book.lookup(code)
        except KeyError:
            unknown.append(code)
            continue
        level = place.advisory_level
        if level and place.advisory.confidence == "low":
            level = f"{level} (confidence: low — verify)"
        typer.echo(f"{place.region or place.country}  {place.name}")
        typer.echo(
            f"  elevated risk: {'yes' if place.elevated_risk else 'no'}; "
            f"sanctioned: {'yes' if place.sanctioned else 'no'}; "
            f"advisory level: {level if level else 'unknown'}"
        )
        facts = place.facts()
        if not facts:
            typer.echo("  no facts on record")
        for label, fact in facts:
            low = " [confidence: low — verify]" if fact.confidence == "low" else ""
            typer.echo(f"  - {label}{low}")
            if fact.note:
                typer.echo(f"      {fact.note}")
            typer.echo(f"      source: {fact.source} (as of {fact.as_of})")
        typer.echo("")
    if unknown:
        typer.echo(f"error: unknown country or region code(s): {', '.join(unknown)}", err=True)
        raise typer.Exit(2)
