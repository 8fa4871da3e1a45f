"""`travelprep data import advisories|visas` and `travelprep data rollback`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from travelprep.refdata.datastore import DataStore

_FILE = typer.Argument(None, help="A saved copy of the feed (RSS 2.0 XML).", show_default=False)
_URL = typer.Option(
    None, "--url", help="Fetch the feed over HTTPS instead, e.g. https://travel.state.gov/_res/rss/TAsTWs.xml"
)
_ALLOW_FEWER = typer.Option(
    False,
    "--allow-fewer",
    help="Import even when the feed covers under half of the countries that have a level now.",
)
_TABLE = typer.Argument(..., help="Passport Index tidy CSV: Passport,Destination,Requirement.")
_AS_OF = typer.Option(
    None,
    "--as-of",
    metavar="YYYY-MM-DD",
    help="The date the table is valid for (default: the file's modification "
    "date). The Passport Index copy of 2025-01-12 needs --as-of 2025-01-12.",
)
_SOURCE = typer.Argument(..., help="The source to roll back: advisories, visas, ...")


def advisories(
    file: Path | None = _FILE,
    url: str | None = _URL,
    allow_fewer: bool = _ALLOW_FEWER,
) -> None:
    """Import the State Department travel-advisory feed; it replaces the shipped levels.

    Entries that cannot be placed on a country are listed, not guessed. A feed that is not
    the advisory RSS format changes nothing and exits with status 1.
    """
    from travelprep.refdata.importers.advisories import fetch_feed, import_advisories, read_feed_file

    if (file is None) == (url is None):
        _fail("give either a FILE or --url, not both or neither", status=2)
    with _refusals():
        data = fetch_feed(url) if url else read_feed_file(file)
        origin = url or str(file)
        done = import_advisories(
            data,
            origin=origin,
            store=_store(),
            previous=_levels_in_force(),
            allow_fewer=allow_fewer,
            **({"source_url": url} if url else {}),
        )
    reading = done.reading
    typer.echo(
        f"Imported advisory levels for {len(reading.levels)} countries from {origin} "
        f"({reading.items} entries, as of {reading.as_of}); version {done.version.version}."
    )
    _list("Changes", done.changes)
    _list("Not imported (could not be used)", reading.unmapped)
    _list("Notes", reading.notes)
    after_data_change(f"the advisory import of {reading.as_of}")


def visas(file: Path = _TABLE, as_of: str | None = _AS_OF) -> None:
    """Import a passport x destination visa table; the `visa` item then names the requirement.

    Every row must be understood: bad rows are listed by line and nothing is imported.
    """
    from travelprep.refdata.importers.visas import import_visas, read_table_file

    with _refusals():
        text = read_table_file(file)
        day = _as_of(as_of, file)
        done = import_visas(text, origin=str(file), as_of=day, store=_store())
    typer.echo(
        f"Imported {done.rows} visa requirements for {done.passports} passports from "
        f"{file} (as of {day}); version {done.version.version}."
    )
    if as_of is None:
        typer.echo(
            f"note: as of {day} is the file's modification date; pass --as-of with the "
            f"dataset's own date if it is older, so that staleness is reported right."
        )
    after_data_change(f"the visa table import of {day}")


def rollback(source: str = _SOURCE) -> None:
    """Make the previous imported version of SOURCE current again."""
    from travelprep.refdata.datastore import DataStoreError

    store = _store()
    try:
        if not store.versions(source):
            _fail(f"nothing was ever imported for {source!r} in {store.root}")
        restored = store.rollback(source)
    except DataStoreError as error:
        _fail(str(error))
    typer.echo(
        f"{source}: version {restored.version} is current again (as of {restored.as_of}, "
        f"{restored.entries} entries, imported {restored.imported_at} "
        f"from {restored.origin})."
    )
    from travelprep.cli.screening_cmd import after_list_change
    from travelprep.refdata.screening_lists import SCREENING_SOURCES

    if source in SCREENING_SOURCES:
        after_list_change(source, "rollback")

    after_data_change(f"the rollback of {source} to its version as of {restored.as_of}")


def after_data_change(cause: str) -> None:
    """Re-evaluate the saved trips now that new data is in force (only after a success)."""
    from travelprep.cli.output import settings_or_exit
    from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
    from travelprep.reevaluation.trigger import NothingToReevaluate, data_changed

    try:
        summary = data_changed(settings_or_exit(), cause=cause)
    except NothingToReevaluate as why:
        typer.echo(f"note: trips not re-evaluated: {why}")
        return
    except (SourceError, SourceErrors) as error:
        _fail(f"the data in force does not load, so no trip was re-evaluated (fix it or roll back):\n{error}")
    typer.echo(
        f"Re-evaluated {summary.checked} trips: {summary.notices} notice(s) queued "
        f"(`travelprep reminders send` delivers them), {summary.changed} trips changed"
    )


def _store() -> DataStore:
    from travelprep import paths
    from travelprep.refdata.datastore import DataStore

    return DataStore(paths.data_dir())


def _levels_in_force() -> dict[str, int]:
    """The advisory level of every country before this import, to report what changed."""
    from travelprep.engine import geography
    from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
    from travelprep.refdata.loading import load_current_rulebook

    try:
        book = load_current_rulebook().countries
    except (SourceError, SourceErrors):
        typer.echo("warning: the data in force does not load, so level changes are not shown", err=True)
        return {}
    levels = {code: book.destination(code).advisory_level for code in geography.country_names()}
    return {code: level for code, level in levels.items() if level is not None}


def _as_of(value: str | None, file: Path) -> date:
    if value is None:
        return date.fromtimestamp(file.stat().st_mtime)
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of: {value!r} is not a date like 2025-01-12", status=2)


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn ImportRefused into its message on stderr and exit status 1."""
    from travelprep.refdata.importers import ImportRefused

    try:
        yield
    except ImportRefused as error:
        _fail(f"{error}\nNothing was changed; the data in force stays as it was.")


def _list(title: str, lines: list[str]) -> None:
    if lines:
        typer.echo(f"{title} ({len(lines)}):")
        for line in lines:
            typer.echo(f"  {line}")


def _fail(message: str, status: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(status)
