"""The `travelprep` entry point; each command group lives in its own module.

Command modules import the heavy parts of TravelPrep inside their functions, so that
`travelprep --help` and a single checklist start quickly.
"""

from __future__ import annotations

import typer

from travelprep.cli import (
    checklist_cmd,
    countries_cmd,
    data_cmd,
    db_cmd,
    devices_cmd,
    itinerary_cmd,
    reminders_cmd,
    rules_cmd,
    screen_cmd,
    screening_cmd,
    serve_cmd,
    tokens_cmd,
    trips_cmd,
    visit_checklist_cmd,
)

app = typer.Typer(
    help="TravelPrep: turn a research trip's itinerary into an explained, dated checklist.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command("checklist")(checklist_cmd.checklist)
app.command("visit-checklist")(visit_checklist_cmd.visit_checklist)
app.command("countries")(countries_cmd.countries)
app.command("screen")(screen_cmd.screen)
app.add_typer(screening_cmd.app, name="screening")
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(data_cmd.app, name="data")
app.add_typer(itinerary_cmd.app, name="itinerary")
app.command("serve")(serve_cmd.serve)
app.add_typer(db_cmd.app, name="db")
app.add_typer(tokens_cmd.app, name="tokens")
app.add_typer(reminders_cmd.app, name="reminders")
app.add_typer(devices_cmd.app, name="devices")
app.add_typer(trips_cmd.app, name="trips")


def run() -> None:
    """Console-script entry point."""
    app()
