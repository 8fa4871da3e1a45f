"""`travelprep data ...`: import, inspect and roll back the data in TRAVELPREP_DATA_DIR."""

from __future__ import annotations

import typer

from travelprep.cli import data_import_cmd, screening_data_cmd

app = typer.Typer(help="Import, inspect and roll back reference data.", no_args_is_help=True)
import_app = typer.Typer(help="Import a data file into the data directory.", no_args_is_help=True)
app.add_typer(import_app, name="import")
import_app.command("advisories")(data_import_cmd.advisories)
import_app.command("visas")(data_import_cmd.visas)
import_app.command("csl")(screening_data_cmd.import_csl)
import_app.command("opensanctions")(screening_data_cmd.import_opensanctions)
app.command("rollback")(data_import_cmd.rollback)


@app.command("status")
def status() -> None:
    """Every data source, shipped or imported: as-of date, entries, age, state, import time."""
    from datetime import date

    from travelprep.paths import checklists_dir, data_dir
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.loading import load_current_rulebook
    from travelprep.refdata.screening_status import shipped_list_statuses
    from travelprep.refdata.status import data_status, status_table

    folder, today = data_dir(), date.today()
    statuses = data_status(load_current_rulebook(data_dir=folder), DataStore(folder), today)
    statuses += shipped_list_statuses(checklists_dir(), today)
    lines = status_table(statuses)
    width = max(len(line) for line in lines)
    typer.echo(f"{lines[0]:<{width}}  imported at (UTC)")
    for line, source in zip(lines[1:], statuses, strict=True):
        typer.echo(f"{line:<{width}}  {source.imported_at or '-'}")
