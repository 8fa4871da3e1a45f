"""`travelprep checklist`: an itinerary file in, a checklist out."""

from __future__ import annotations

import typer


def checklist(path: str = typer.Argument(..., help="Itinerary file (.yaml or .json).")) -> None:
    """Print the checklist for an itinerary."""
    raise typer.Exit(3)
