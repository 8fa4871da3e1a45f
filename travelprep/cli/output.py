"""What every command does the same way: report bad input and bad data, and exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.settings import Settings

# The exit status of a command refused by its settings (the entrypoint does not retry it).
SETTINGS_REFUSED = 2


def settings_or_exit() -> Settings:
    """The TRAVELPREP_* settings, or each problem with them on stderr and exit status 2."""
    from pydantic import ValidationError

    from travelprep.settings import get_settings, settings_problems

    try:
        return get_settings()
    except ValidationError as invalid:
        for problem in settings_problems(invalid):
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(SETTINGS_REFUSED) from None


def current_engine_or_exit(settings: Settings) -> Engine:
    """The settings' database engine, or exit status 1 when its schema is behind the code.

    Commands run jobs: on SQLite they wait for the write lock as long as another job may hold it.
    """
    from travelprep.db import migrate
    from travelprep.db.engine import JOB_LOCK_WAIT_SECONDS, make_engine

    engine = make_engine(settings.effective_database_url, lock_wait=JOB_LOCK_WAIT_SECONDS)
    try:
        migrate.ensure_current(engine)
    except migrate.SchemaBehind as behind:
        typer.echo(f"error: {behind}", err=True)
        raise typer.Exit(1) from None
    return engine


def session_or_exit() -> Session:
    """A session on the configured database, checked to be migrated (for one-off commands)."""
    from travelprep.db.engine import make_session_factory

    return make_session_factory(current_engine_or_exit(settings_or_exit()))()


@contextmanager
def fail_on_invalid_itinerary() -> Iterator[None]:
    """Turn an InvalidItinerary into field-named messages on stderr and exit status 2."""
    from travelprep.engine.itinerary import InvalidItinerary

    try:
        yield
    except InvalidItinerary as error:
        typer.echo("error: the itinerary is not valid:", err=True)
        for problem in error.errors:
            typer.echo(f"  {problem.field}: {problem.message}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def fail_on_bad_data() -> Iterator[None]:
    """Data found unusable while working (e.g. a screening list) stops with its file and line."""
    from travelprep.screening.errors import ScreeningDataError

    try:
        yield
    except ScreeningDataError as error:
        typer.echo(f"error: the data in force cannot be used:\n{error}", err=True)
        raise typer.Exit(1) from None


def load_rulebook_or_exit() -> Rulebook:
    """The rulebook with its imported data; invalid files stop the command with file:line."""
    from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
    from travelprep.refdata.loading import load_current_rulebook

    try:
        return load_current_rulebook()
    except (SourceErrors, SourceError) as error:
        typer.echo(f"error: the rules or data are not valid:\n{error}", err=True)
        raise typer.Exit(1) from None
