"""`travelprep data ...`: import, inspect and roll back the data in TRAVELPREP_DATA_DIR."""

from __future__ import annotations

import typer

app = typer.Typer(help="Import, inspect and roll back reference data.", no_args_is_help=True)
import_app = typer.Typer(help="Import a data file into the data directory.", no_args_is_help=True)
app.add_typer(import_app, name="import")
