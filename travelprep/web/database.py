"""The request's database session, used from async handlers without thread hops.

Repositories are plain synchronous SQLAlchemy code. Handlers run them with
`await db.run_sync(repository_function, ...)`:

- PostgreSQL goes through SQLAlchemy's asyncio support and psycopg's async driver, so a
  query waits on the event loop instead of holding a thread.
- SQLite runs in-process and answers indexed queries in microseconds, so its ordinary
  session is used directly on the event loop.

Either way no request hops to the thread pool, which under load cost more than the work
(see bench/bench_web.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from travelprep.db.engine import make_session_factory

T = TypeVar("T")


class RequestDb(Protocol):
    """What handlers use: run repository code, commit, close."""

    async def run_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    async def commit(self) -> None: ...

    async def close(self) -> None: ...


class InProcessDb:
    """A synchronous session used on the event loop (for SQLite, which does no network I/O)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def run_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run repository code with the session."""
        return fn(self.session, *args, **kwargs)

    async def commit(self) -> None:
        """Commit the request's changes."""
        self.session.commit()

    async def close(self) -> None:
        """Give the connection back."""
        self.session.close()


def request_db_factory(engine: Engine) -> Callable[[bool], RequestDb]:
    """A factory of request sessions for `engine`'s database; its argument says read-only.

    On PostgreSQL, read-only requests (GET, HEAD) use a pool of autocommit connections: a
    page view then costs no BEGIN and ROLLBACK round trips (measured: about 1.3 to 1.6 times
    the trip page's throughput). Each of its queries sees the latest committed data.
    """
    if engine.dialect.name == "sqlite":
        sessions = make_session_factory(engine)
        return lambda read_only: InProcessDb(sessions())
    # Two pools per process of at most 10 connections each, so several processes fit
    # max_connections. No overflow: an overflow connection is closed when given back, and the
    # next burst forks a new PostgreSQL backend (cold caches, statements not yet prepared).
    # The trip page at 20 users on 2 workers opened 140-250 connections in 12 s with 5 + 5
    # overflow, 21 in all with 10 + 0. A request past 10 at once waits for a connection.
    options = {"pool_size": 10, "max_overflow": 0, "pool_recycle": 1800, "hide_parameters": True}
    writers = async_sessionmaker(create_async_engine(engine.url, **options), expire_on_commit=False)
    readers = async_sessionmaker(
        create_async_engine(engine.url, isolation_level="AUTOCOMMIT", **options),
        expire_on_commit=False,
    )
    return lambda read_only: (readers if read_only else writers)()
