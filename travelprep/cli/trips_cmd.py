"""`travelprep trips reevaluate`: check every trip not yet over against the data in force."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from travelprep.reevaluation.job import RunSummary

app = typer.Typer(help="Saved trips: re-evaluate their checklists.", no_args_is_help=True)


@app.command("reevaluate")
def reevaluate(
    today: str = typer.Option("", "--today", help="The day to compute due dates from (YYYY-MM-DD)."),
    send: bool = typer.Option(True, "--send/--no-send", help="Deliver the queued notices now."),
    cause: str = typer.Option("", "--cause", help="What changed, in plain words, if not noted already."),
    batch: int = typer.Option(250, "--batch", min=1, max=10_000, help="Trips per transaction."),
) -> None:
    """Re-evaluate trips not yet evaluated under the data in force; safe to run on several machines."""
    from travelprep.cli.output import current_engine_or_exit, settings_or_exit
    from travelprep.db.engine import make_session_factory
    from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
    from travelprep.reevaluation import job
    from travelprep.refdata.rulebook_loading import load_versioned_rulebook
    from travelprep.reminders.job import deliver

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        typer.echo(f"error: --today {today!r}: expected a date as YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    settings = settings_or_exit()
    sessions = make_session_factory(current_engine_or_exit(settings))
    try:
        loaded = load_versioned_rulebook(settings)
    except (SourceError, SourceErrors) as error:
        typer.echo(
            f"error: the rules or data in force are not valid, so no trip was re-evaluated:\n{error}",
            err=True,
        )
        raise typer.Exit(1) from None
    summary = job.run(
        sessions, loaded=loaded, settings=settings, today=day, cause=cause[:500], batch=batch, echo=typer.echo
    )
    report(summary, echo=typer.echo)
    if send and summary.notices:
        sent, failed = deliver(sessions, settings=settings, echo=typer.echo)
        typer.echo(f"{sent} message(s) sent, {failed} failed")
    typer.echo(
        f"Re-evaluated {summary.checked} trips under data version {summary.data_version}: "
        f"{summary.notices} notice(s) queued, {summary.changed} trips changed"
    )


def report(summary: RunSummary, *, echo) -> None:
    """List the trips whose itinerary no longer validates: compliance must look at them."""
    if summary.invalid:
        echo(f"{len(summary.invalid)} trip(s) could not be re-evaluated; fix their itineraries:")
        for trip_id, why in summary.invalid:
            echo(f"  trip {trip_id}: {why}")
