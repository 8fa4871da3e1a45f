"""`travelprep reminders send`: email travelers the checklist items due soon or overdue."""

from __future__ import annotations

from datetime import date

import typer

app = typer.Typer(
    help="Email reminders of checklist items (run daily from cron or a systemd timer).", no_args_is_help=True
)


@app.command("send")
def send(
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be sent; change nothing."),
    today: str = typer.Option("", "--today", help="The day to compute due dates from (YYYY-MM-DD)."),
) -> None:
    """Queue and send reminders; safe to run twice or on two machines at once (never sends twice)."""
    from travelprep.cli.output import current_engine_or_exit, settings_or_exit
    from travelprep.db.engine import make_session_factory
    from travelprep.refdata.rulebook_loading import load_app_rulebook
    from travelprep.reminders import job

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        typer.echo(f"error: --today {today!r}: expected a date as YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    from travelprep import metrics

    metrics.count_as("reminders")  # so the job's counts add up in a shared metrics folder
    settings = settings_or_exit()
    engine = current_engine_or_exit(settings)
    summary = job.run(
        make_session_factory(engine),
        settings=settings,
        rulebook=load_app_rulebook(settings),
        today=day,
        dry_run=dry_run,
        echo=typer.echo,
    )
    if dry_run:
        typer.echo(
            f"dry run: {summary.reminders} reminder(s) for {summary.travelers} traveler(s); nothing sent"
        )
        return
    metrics.REMINDERS_SENT.labels("email").inc(summary.sent)
    typer.echo(
        f"{summary.queued} reminder(s) queued; {summary.sent} message(s) sent, {summary.failed} failed"
    )
    if summary.failed:
        raise typer.Exit(1)
