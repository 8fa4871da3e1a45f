"""`travelprep rules ...`: validate the policy files in checklists/."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Validate the rules and facts in checklists/.", no_args_is_help=True)


@app.command("check")
def check(
    folder: Path | None = typer.Option(
        None, "--dir", help="A checklists/ folder (default: the shipped one)."
    ),
) -> None:
    """Validate every file in checklists/; exit 1 listing each problem as file:line."""
    from travelprep import paths
    from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
    from travelprep.engine.rules.rulebook import load_rulebook

    target = folder or paths.checklists_dir()
    try:
        rulebook = load_rulebook(target)
    except (SourceErrors, SourceError) as error:
        problems = error.errors if isinstance(error, SourceErrors) else [error]
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(problems)} problem(s) in {target}", err=True)
        raise typer.Exit(1) from None
    sources = len(rulebook.countries.sources())
    typer.echo(
        f"ok: {len(rulebook.rules)} items, {len(rulebook.visit_rules)} visit items, "
        f"{sources} country-fact files, policy as of "
        f"{rulebook.policy.as_of} ({target})"
    )
