"""What every command does the same way: report bad input and bad data, and exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from travelprep.rulebook import Rulebook


@contextmanager
def fail_on_invalid_itinerary() -> Iterator[None]:
    """Turn an InvalidItinerary into field-named messages on stderr and exit status 2."""
    from travelprep.itinerary import InvalidItinerary

    try:
        yield
    except InvalidItinerary as error:
        typer.echo("error: the itinerary is not valid:", err=True)
        for problem in error.errors:
            typer.echo(f"  {problem.field}: {problem.message}", err=True)
        raise typer.Exit(2) from None


def load_rulebook_or_exit() -> Rulebook:
    """The rulebook with its imported data; invalid files stop the command with file:line."""
    from travelprep.loading import load_current_rulebook
    from travelprep.sourced_yaml import SourceError, SourceErrors

    try:
        return load_current_rulebook()
    except (SourceErrors, SourceError) as error:
        typer.echo(f"error: the rules or data are not valid:\n{error}", err=True)
        raise typer.Exit(1) from None
