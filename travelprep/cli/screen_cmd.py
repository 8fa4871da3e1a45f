"""`travelprep screen`: screen names against the restricted-party lists."""

from __future__ import annotations

import typer


def screen(names: list[str] = typer.Argument(..., help="Names to screen; '-' reads stdin.")) -> None:
    """Screen institution names against the restricted-party lists."""
    typer.echo("screening is not built yet", err=True)
    raise typer.Exit(3)
