"""`travelprep tokens ...`: personal API bearer tokens."""

from __future__ import annotations

import typer

from travelprep.cli.output import session_or_exit

app = typer.Typer(help="Create and revoke API bearer tokens.", no_args_is_help=True)


@app.command("create")
def create(
    email: str = typer.Option(..., help="The user's email; the user is created if new."),
    role: str | None = typer.Option(
        None,
        help="traveler, loaner_staff, compliance or admin; sets the user's role. Without it the "
        "role stays as it is (a new user is a traveler).",
    ),
) -> None:
    """Create a token; it is printed once, alone on the last line."""
    from travelprep.accounts import repository as users
    from travelprep.accounts import tokens
    from travelprep.db import audit

    with session_or_exit() as session:
        existing = users.get_by_email(session, email=email)
        before = existing.role if existing else None
        try:
            user = users.get_or_create(session, email=email, role=role)
        except ValueError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        if before is None:
            typer.echo(f"new user {user.email}, role {user.role}")
        elif before != user.role:
            typer.echo(f"role of {user.email} changed: {before} -> {user.role}")
            detail = {"from": before, "to": user.role}
            audit.record(
                session, actor=user, action="user.role", object_type="user", object_id=user.id, detail=detail
            )
        token, plain = tokens.create(session, user=user)
        audit.record(session, actor=user, action="token.create", object_type="token", object_id=token.id)
        session.commit()
        typer.echo(f"token {token.prefix}… for {user.email} ({user.role}); it is shown only now:")
        typer.echo(plain)


@app.command("revoke")
def revoke(token: str = typer.Argument(..., help="The token, or its prefix as listed.")) -> None:
    """Revoke a token at once."""
    from travelprep.accounts import tokens
    from travelprep.db import audit

    with session_or_exit() as session:
        count = tokens.revoke(session, plain_or_prefix=token)
        if count == 0:
            typer.echo("error: no such active token", err=True)
            raise typer.Exit(1)
        audit.record(session, actor=None, action="token.revoke", object_type="token", object_id=token[:10])
        session.commit()
        typer.echo(f"revoked {count} token(s)")


@app.command("list")
def list_tokens(email: str = typer.Option(..., help="Whose tokens.")) -> None:
    """List a user's tokens by prefix, with when they were made and revoked."""
    from travelprep.accounts import repository as users
    from travelprep.accounts import tokens

    with session_or_exit() as session:
        user = users.get_by_email(session, email=email)
        for token in tokens.list_for(session, user=user) if user else []:
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            typer.echo(f"{token.prefix}  created {token.created_at:%Y-%m-%d}  {state}")
