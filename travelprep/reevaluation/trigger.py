"""What happens when the data in force changes: the one place import paths call.

`data import ...` and `data rollback` call `data_changed` once the new version is in force (a
failed import never gets here). It re-evaluates every trip not yet over; re-screening the
trips' institutions against new lists belongs next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from travelprep.reevaluation.job import RunSummary
    from travelprep.settings import Settings


class NothingToReevaluate(Exception):
    """There is no usable database yet (never created, or not migrated): say why."""


def data_changed(
    settings: Settings, *, cause: str, today: date | None = None, echo: Callable[[str], None] | None = None
) -> RunSummary:
    """The data in force changed because of `cause` ("the advisory import of 2026-11-30"): act on it."""
    from travelprep.db import migrate
    from travelprep.db.engine import JOB_LOCK_WAIT_SECONDS, make_engine, make_session_factory
    from travelprep.reevaluation import job
    from travelprep.refdata.rulebook_loading import load_versioned_rulebook

    url = settings.effective_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        raise NothingToReevaluate(f"there is no database at {parsed.database} yet, so no trips")
    engine = make_engine(url, lock_wait=JOB_LOCK_WAIT_SECONDS)
    try:
        try:
            migrate.ensure_current(engine)
        except migrate.SchemaBehind as behind:
            raise NothingToReevaluate(str(behind)) from None
        loaded = load_versioned_rulebook(settings)
        return job.run(
            make_session_factory(engine),
            loaded=loaded,
            settings=settings,
            today=today or date.today(),
            cause=cause,
            echo=echo,
        )
    finally:
        engine.dispose()
