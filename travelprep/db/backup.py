"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump.

Both write to a temporary file beside the target and rename it into place, so a backup that
fails half-way never leaves a truncated file under the target's name.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup that cannot be made, with what to do about it."""


def backup(url: str, target: Path, *, force: bool = False) -> str:
    """Back up the database at `url` to `target`; returns how it was done."""
    target = Path(target)
    if target.exists() and not force:
        raise BackupError(f"{target} exists: pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    partial = target.with_name(f".{target.name}.partial")
    # Backups hold every user's data: readable by the owner only, from the first byte.
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    os.chmod(partial, 0o600)
    try:
        if parsed.get_backend_name() == "sqlite":
            how = _backup_sqlite(Path(parsed.database or ""), partial)
        elif parsed.get_backend_name() == "postgresql":
            how = _backup_postgresql(url, partial)
        else:
            raise BackupError(f"no backup method for {parsed.get_backend_name()} databases")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return how


def _backup_sqlite(database: Path, partial: Path) -> str:
    if not database.is_file():
        raise BackupError(f"no SQLite database at {database}: run `travelprep db upgrade` first?")
    # The online backup API copies a consistent snapshot while the app keeps running.
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return "SQLite online backup"


def pg_dump_command(url: str, target: Path) -> tuple[list[str], dict[str, str]]:
    """The pg_dump command line (custom format) and environment that back up `url`."""
    parsed = make_url(url)
    executable = shutil.which("pg_dump")
    if executable is None:
        raise BackupError("pg_dump not found: install the PostgreSQL client (postgresql-client)")
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)  # not on the command line, where `ps` shows it
    libpq = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return [executable, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq}"], env


def _backup_postgresql(url: str, partial: Path) -> str:
    command, env = pg_dump_command(url, partial)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return "pg_dump, custom format (restore with pg_restore)"
