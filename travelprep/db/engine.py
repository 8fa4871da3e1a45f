"""Engines and sessions for SQLite (the default, in WAL mode) and PostgreSQL."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# How long a SQLite writer waits for the file's write lock. A page waits a little; a batch
# job (re-screening, re-evaluation, reminders) waits out another job: SQLite does not queue
# writers fairly, so a job that takes the lock batch after batch can hold another off for as
# long as it runs, which on a busy machine was more than 15 s.
PAGE_LOCK_WAIT_SECONDS = 15.0
JOB_LOCK_WAIT_SECONDS = 600.0


def make_engine(url: str, *, lock_wait: float = PAGE_LOCK_WAIT_SECONDS) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout (`lock_wait`).

    SQL parameters are users' data, so errors and tracebacks never show them (hide_parameters).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # No pre-ping: it costs a round trip per request; a dropped connection is discarded
        # by SQLAlchemy when it fails, and the pool recycles connections before servers drop them.
        return create_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        _owner_only(Path(parsed.database))
    # Request handlers run in a thread pool, so one connection may serve several threads
    # (never at once: the pool hands it to one session at a time).
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": lock_wait}, hide_parameters=True
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
    # SAVEPOINTs work (the sqlite3 module's own transaction handling breaks them).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a commit is not an fsync
    cursor.close()


# Connections opened with execution_options(sqlite_begin="IMMEDIATE") take the write lock at
# BEGIN, so concurrent writers queue there instead of failing later (db/reservations.py).
SQLITE_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE"})


def _sqlite_begin(connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode not in SQLITE_BEGIN_MODES:
        raise ValueError(f"sqlite_begin must be one of {sorted(SQLITE_BEGIN_MODES)}, not {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def begin_writing(session: Session) -> None:
    """Start the session's next transaction holding SQLite's write lock (BEGIN IMMEDIATE).

    A SQLite transaction that reads and then writes fails with "database is locked" at once
    if another writer committed in between (the busy timeout cannot help it); one that takes
    the lock at BEGIN waits there for the busy timeout instead. Call it before the
    transaction's first statement. No-op on PostgreSQL, whose row locks do this job.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        raise RuntimeError("begin_writing must come before the transaction's first statement")
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (handlers render after it)."""
    return sessionmaker(engine, expire_on_commit=False)


def _owner_only(database: Path) -> None:
    """The SQLite file readable by its owner only (its -wal and -shm files follow its mode)."""
    if database.name.startswith("file:"):
        return  # a URI: SQLite opens it itself
    os.close(os.open(database, os.O_CREAT | os.O_RDWR, 0o600))
    with contextlib.suppress(PermissionError):  # another user's file, shared on purpose
        os.chmod(database, 0o600)
