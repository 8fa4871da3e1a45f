"""`travelprep devices ...`: the loaner desk's inventory from the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from travelprep.cli.output import session_or_exit

app = typer.Typer(help="Manage the loaner desk's devices.", no_args_is_help=True)


@app.command("load-demo")
def load_demo() -> None:
    """Add the demo devices that are missing (safe to run again: existing tags are kept)."""
    from travelprep.loaner.inventory_service import add_demo_devices

    with session_or_exit() as session:
        added, kept = add_demo_devices(session)
        session.commit()
        typer.echo(f"{added} demo device(s) added, {kept} already there")


@app.command("import")
def import_csv(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="A CSV file.")) -> None:
    """Import devices from a CSV (ours or a Snipe-IT export); any bad row imports nothing."""
    from travelprep.loaner.inventory_service import import_devices

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        typer.echo(f"error: {path}: not UTF-8 text", err=True)
        raise typer.Exit(1) from None
    with session_or_exit() as session:
        parsed = import_devices(session, user=None, text=text)
        for problem in parsed.problems:
            typer.echo(f"{path}:{problem.line}: {problem.message}", err=True)
        if parsed.problems:
            typer.echo("nothing imported", err=True)
            raise typer.Exit(1)
        session.commit()
        typer.echo(f"{len(parsed.devices)} device(s) imported")
