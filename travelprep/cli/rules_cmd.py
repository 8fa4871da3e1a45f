"""`travelprep rules ...`: validate the policy files in checklists/."""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate the rules and facts in checklists/.", no_args_is_help=True)
