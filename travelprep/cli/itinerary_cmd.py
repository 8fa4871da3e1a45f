"""`travelprep itinerary ...`: drafting an itinerary from a calendar file."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Draft itineraries from other files.", no_args_is_help=True)


@app.command("from-ics")
def from_ics(
    path: Path = typer.Argument(..., help="A calendar file (.ics) from an airline, agency or calendar app."),
    max_bytes: int = typer.Option(1_000_000, "--max-bytes", min=1, help="Refuse larger files."),
) -> None:
    """Print the trip in an .ics file as a draft itinerary (YAML) to complete and check.

    Warnings go to stderr. Exits with status 2 when the file is not a calendar we can read.
    """
    from datetime import date

    import yaml

    from travelprep.calendar.event_text import one_line
    from travelprep.calendar.ics_import import UnreadableIcs, draft_itinerary_from_ics

    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # enough to tell it is too big, never the whole of a huge file
        draft = draft_itinerary_from_ics(data, max_bytes=max_bytes)
    except OSError as error:
        typer.echo(f"error: cannot read {path}: {error.strerror or error}", err=True)
        raise typer.Exit(2) from None
    except UnreadableIcs as error:
        typer.echo(f"error: {path}: {error}", err=True)
        raise typer.Exit(2) from None
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    itinerary = draft.itinerary
    plain = {
        "departure": date.fromisoformat(itinerary["departure"]),
        "return": date.fromisoformat(itinerary["return"]),
        "legs": [
            {k: date.fromisoformat(v) if k in ("arrive", "depart") else v for k, v in leg.items()}
            for leg in itinerary["legs"]
        ],
    }
    # The file name is the user's: one clean line, so it cannot end the YAML comment.
    typer.echo(
        f"# Drafted from {one_line(path.name, 100)}. Add the traveler, purposes, activities and\n"
        "# what you carry, and check every date. See CONTRACT.md for the fields."
    )
    typer.echo(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), nl=False)
