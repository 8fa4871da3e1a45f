"""`travelprep data ...`: import, inspect and roll back the data in TRAVELPREP_DATA_DIR."""

from __future__ import annotations

import typer

from travelprep.cli import data_import_cmd

app = typer.Typer(help="Import, inspect and roll back reference data.", no_args_is_help=True)
import_app = typer.Typer(help="Import a data file into the data directory.", no_args_is_help=True)
app.add_typer(import_app, name="import")
import_app.command("advisories")(data_import_cmd.advisories)
import_app.command("visas")(data_import_cmd.visas)
app.command("rollback")(data_import_cmd.rollback)
