"""`travelprep data ...`: import, inspect and roll back the data in TRAVELPREP_DATA_DIR."""

from __future__ import annotations

import typer

from travelprep.cli import screening_data_cmd

app = typer.Typer(help="Import, inspect and roll back reference data.", no_args_is_help=True)
import_app = typer.Typer(help="Import a data file into the data directory.", no_args_is_help=True)
app.add_typer(import_app, name="import")

import_app.command("csl")(screening_data_cmd.import_csl)
import_app.command("opensanctions")(screening_data_cmd.import_opensanctions)


@app.command("status")
def status() -> None:
    """List every imported source: entries, as-of date, import time and kept versions."""
    from travelprep.datastore import DataStore
    from travelprep.paths import data_dir

    store = DataStore(data_dir())
    sources = store.sources()
    if not sources:
        typer.echo(f"No data imported yet in {data_dir()}.")
        return
    typer.echo(
        f"{'source':<16}{'entries':>10}  {'as of':<12}{'imported at (UTC)':<27}"
        f"{'versions':>8}  origin"
    )
    for source in sources:
        versions = store.versions(source)
        current = next((v for v in versions if v.current), None)
        if current is None:
            typer.echo(f"{source:<16}{'-':>10}  (no current version)")
            continue
        typer.echo(
            f"{source:<16}{current.entries:>10}  {current.as_of or '-':<12}"
            f"{current.imported_at:<27}{len(versions):>8}  {current.origin}"
        )
