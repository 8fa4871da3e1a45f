"""Re-screening passes run at once (three on PostgreSQL, two on one SQLite file): every trip's new
hit is stored once and counted once, none is lost, and no pass fails.

Each is a real `travelprep screening rescreen` process, as two instances (or an import and
the scheduler) would start it after one list update.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.builders import trip_data
from tests.review.lists import ZORVEX, import_csl
from tests.screening.samples import CHECKLISTS
from tests.support import bulk
from tests.support.fixtures import postgres_server  # noqa: F401
from travelprep.db import migrate
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.db.models import AuditEvent, ScreeningHit, ScreeningPass, TripItem

ROOT = Path(__file__).resolve().parents[2]
TRIPS = 600


@pytest.mark.db
def test_three_passes_on_postgresql_store_each_new_hit_once(postgres_server, tmp_path):  # noqa: F811
    url = postgres_server.create_database(f"rescreen_{uuid.uuid4().hex[:12]}")
    _race(url, tmp_path, processes=3)


def test_two_passes_on_one_sqlite_file_never_crash(tmp_path):
    _race(f"sqlite:///{tmp_path / 'travelprep.sqlite3'}", tmp_path, processes=2)


def _race(url: str, tmp_path: Path, *, processes: int) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    try:
        with make_session_factory(engine)() as session:
            itinerary = trip_data(institutions=[ZORVEX, "Nanjing University"])
            bulk.trips(session, count=TRIPS, first=date(2027, 1, 4), itinerary=itinerary)
            bulk.trips(session, count=50, first=date(2025, 1, 4), itinerary=itinerary)  # over: left alone
            session.commit()
        data = tmp_path / "data"
        data.mkdir()
        import_csl(data, as_of="2026-11-20")
        outputs = _run(url, data, processes)
        changed = [int(re.search(r"(\d+) trips changed$", out.strip())[1]) for out in outputs]
        assert sum(changed) == TRIPS, outputs  # each trip changed by exactly one pass
        with make_session_factory(engine)() as session:
            hits = session.scalar(select(func.count(func.distinct(ScreeningHit.trip_id))))
            rows = session.scalar(select(func.count()).select_from(ScreeningHit))
            events = session.scalar(select(func.count()).where(AuditEvent.action == "screening.rescreen"))
            items = session.scalar(select(func.count()).where(TripItem.item_id == "restricted-party-match"))
            passes = session.scalar(select(func.count()).select_from(ScreeningPass))
        assert hits == rows == events == items == TRIPS and passes == processes
    finally:
        engine.dispose()


def _run(url: str, data: Path, processes: int) -> list[str]:
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_DIR": str(data),
        "TRAVELPREP_DATABASE_URL": url,
        "TRAVELPREP_CHECKLISTS_DIR": str(CHECKLISTS),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [
        str(Path(sys.executable).parent / "travelprep"),
        "screening",
        "rescreen",
        "--today",
        "2026-11-21",
    ]
    racers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(processes)]  # fmt: skip
    outputs = [racer.communicate(timeout=300)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * processes, outputs
    assert not any("database is locked" in out or "Traceback" in out for out in outputs), outputs
    return outputs
