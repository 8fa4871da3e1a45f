"""`travelprep screening rescreen`: screen every trip not yet over again, after a list change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import typer

app = typer.Typer(help="Restricted-party screening of the saved trips.", no_args_is_help=True)


@app.command("rescreen")
def rescreen(
    if_lists_changed: bool = typer.Option(
        False,
        "--if-lists-changed",
        help="Do nothing when a pass already ran against the lists in force (the scheduler runs it so).",
    ),
    today: str = typer.Option(
        "", "--today", help="The day that decides which trips are not yet over (YYYY-MM-DD)."
    ),
) -> None:
    """Screen every active trip not yet over; store new hits, mark withdrawn ones; keep decisions."""
    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        typer.echo(f"error: --today {today!r}: expected a date as YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    trigger = "shipped lists changed" if if_lists_changed else "by hand"
    run_rescreen(trigger=trigger, today=day, only_if_changed=if_lists_changed, echo=typer.echo)


def run_rescreen(*, trigger: str, today: date, only_if_changed: bool, echo: Callable[[str], object]) -> None:
    """One pass against the configured database and the lists in force, with what it did echoed."""
    from travelprep.cli.output import current_engine_or_exit, fail_on_bad_data, settings_or_exit
    from travelprep.db.engine import make_session_factory
    from travelprep.paths import checklists_dir
    from travelprep.refdata.rulebook_loading import load_app_rulebook
    from travelprep.review import rescreen as job

    settings = settings_or_exit()
    factory = make_session_factory(current_engine_or_exit(settings))
    fingerprint = job.lists_fingerprint(checklists_dir(), settings.data_dir)
    if only_if_changed and job.already_screened(factory, fingerprint=fingerprint):
        echo("The lists in force were already screened against: 0 trips changed")
        return
    with fail_on_bad_data():
        rulebook = load_app_rulebook(settings)
        summary = job.rescreen(
            factory, rulebook=rulebook, today=today, trigger=trigger, fingerprint=fingerprint
        )
    if summary.visits_screened:  # before the trips' line, which scripts read last
        echo(
            f"Re-screened {summary.visits_screened:,} visit(s) not yet over: "
            f"{summary.visits_changed:,} changed"
        )
    echo(
        f"Re-screened {summary.screened:,} trip(s) not yet over ({trigger}): {summary.added:,} new hit(s), "
        f"{summary.withdrawn:,} withdrawn; {summary.changed:,} trips changed"
    )


def after_list_change(source: str, what: str) -> None:
    """The one re-screening trigger of the list import paths: call it after a list change is stored.

    The change is in force when this runs, so the import stands whatever happens here; if the
    trips cannot be re-screened, a warning says to run `travelprep screening rescreen`.
    """
    from sqlalchemy.exc import OperationalError

    from travelprep.cli.output import settings_or_exit

    url = settings_or_exit().effective_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        typer.echo("No database yet, so no saved trips to re-screen.")
        return
    try:
        run_rescreen(trigger=f"{what} {source}", today=date.today(), only_if_changed=False, echo=typer.echo)
    except (typer.Exit, OperationalError) as failed:
        if isinstance(failed, typer.Exit) and not failed.exit_code:
            return
        typer.echo(
            f"warning: the {source} list is in force, but the saved trips were not re-screened; "
            "run `travelprep screening rescreen` once the database is reachable and migrated",
            err=True,
        )
