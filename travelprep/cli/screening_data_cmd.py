"""`travelprep data import csl|opensanctions FILE`: load a restricted-party list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer


def _store_or_exit(source: str, path: Path, parse) -> None:
    from travelprep.paths import data_dir
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.screening_lists import store_entity_list
    from travelprep.screening.errors import ScreeningDataError, ScreeningDataErrors

    try:
        entity_list, skipped = parse()
    except (ScreeningDataError, ScreeningDataErrors) as error:
        typer.echo(f"error: {error}", err=True)
        typer.echo(f"Nothing was imported; the current {source} list stays in force.", err=True)
        raise typer.Exit(2) from None
    version = store_entity_list(DataStore(data_dir()), source, entity_list, origin=path.name)
    typer.echo(
        f"Imported {version.entries} entries into {source} (as of {version.as_of or 'unknown'}, "
        f"version {version.version}); skipped {skipped} people, vessels or aircraft."
    )
    from travelprep.cli.screening_cmd import after_list_change

    after_list_change(source, "import")
    from travelprep.cli.data_import_cmd import after_data_change

    after_data_change(f"the {source} list import of {version.as_of or 'unknown date'}")


def import_csl(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSL export: CSV, TSV or JSON.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date the export was downloaded (default: today).")
    ] = None,
) -> None:
    """Import the US Consolidated Screening List (trade.gov export)."""
    from travelprep.screening.lists.csl import parse_csl

    day = as_of or date.today().isoformat()
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{as_of!r} is not an ISO date (YYYY-MM-DD)", param_hint="--as-of") from None
    _store_or_exit("csl", file, lambda: parse_csl(file, as_of=day))


def import_opensanctions(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="FollowTheMoney JSON lines.")],
) -> None:
    """Import OpenSanctions entities (one JSON object per line)."""
    from travelprep.screening.lists.opensanctions import parse_opensanctions

    _store_or_exit("opensanctions", file, lambda: parse_opensanctions(file))
