"""`travelprep countries`: print the facts known for countries and regions."""

from __future__ import annotations

import typer


def countries(codes: list[str] = typer.Argument(..., help="ISO 3166 codes, e.g. CN HK UA-43.")) -> None:
    """Print the facts known for each country or region, with source and as-of date."""
    raise typer.Exit(3)
