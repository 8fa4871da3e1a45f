"""Re-evaluating 20,000 upcoming trips on PostgreSQL after a real advisory import.

`make bench BENCH=reevaluate`. Seeds a throwaway PostgreSQL by COPY (the itineraries and
country mix of bench/scale_seed.py, all trips upcoming), imports the sample advisory feed, runs
the job once (each trip's first version), imports the feed again with Mexico moved from Level 2
to Level 4 and runs the job again (the Mexico trips get a diff and a notice), then once more
(nothing due), and after one more import with two instances at once. The baseline, measured
in this process: generate_checklist alone over the same trips. Goal: the run after the import
<= 60 s for 20,000 trips. BENCH_TRIPS=2000 runs a smaller registry.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.scale_seed import CITIES, COUNTRIES, _copy, _itinerary  # noqa: E402
from tests.reevaluation.conftest import feed_with  # noqa: E402
from tests.support.postgres import ThrowawayPostgres  # noqa: E402
from travelprep.db import migrate  # noqa: E402
from travelprep.db.engine import make_engine, make_session_factory  # noqa: E402
from travelprep.refdata.datastore import DataStore  # noqa: E402
from travelprep.refdata.importers.advisories import import_advisories  # noqa: E402
from travelprep.refdata.rulebook_loading import load_versioned_rulebook  # noqa: E402
from travelprep.settings import Settings  # noqa: E402

TRIPS = int(__import__("os").environ.get("BENCH_TRIPS", "20000"))
USERS = 5_000
TODAY = date(2026, 12, 2)
GOAL_SECONDS = 60.0
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _seed(engine, rng: random.Random) -> int:
    """20,000 active trips leaving within the next year, 1 to 3 legs each; the number to Mexico."""
    raw = engine.raw_connection()
    connection = raw.driver_connection
    users = (
        (n, f"t{n}@example.edu", f"Traveler {n}", "traveler", "{}", NOW, True) for n in range(1, USERS + 1)
    )
    columns = ("id", "email", "name", "role", "profile", "created_at", "email_reminders")
    _copy(connection, "users", columns, users)
    codes, weights = [c[0] for c in COUNTRIES], [c[1] for c in COUNTRIES]
    trips, legs, to_mexico = [], [], 0
    for trip_id in range(1, TRIPS + 1):
        user_id = rng.randrange(1, USERS + 1)
        departure = TODAY + timedelta(days=rng.randrange(10, 360))
        length = rng.randrange(3, 21)
        back = departure + timedelta(days=length)
        picked = list(dict.fromkeys(rng.choices(codes, weights, k=rng.choice((1, 1, 2, 3)))))
        step = length // len(picked)
        day = [departure + timedelta(days=i * step) for i in range(len(picked) + 1)]
        stays = [(c, CITIES.get(c, ""), day[i], day[i + 1]) for i, c in enumerate(picked)]
        to_mexico += "MX" in picked
        name, email = f"Traveler {user_id}", f"t{user_id}@example.edu"
        itinerary = _itinerary(name, email, departure, back, stays, [])
        trips.append((trip_id, user_id, "active", _json(itinerary), name, email, departure, back,
                      " ".join(picked), False, False, False, NOW, NOW, 0))  # fmt: skip
        legs += [(trip_id, n, c, None, city, a, d) for n, (c, city, a, d) in enumerate(stays)]
    _copy(connection, "trips", ("id", "user_id", "status", "itinerary", "traveler_name", "traveler_email",
          "departure", "return_date", "countries", "elevated_risk", "sanctioned", "names_institutions",
          "created_at", "updated_at", "calendar_sequence"), trips)  # fmt: skip
    _copy(connection, "legs", ("trip_id", "position", "country", "region", "city", "arrive", "depart"), legs)
    connection.commit()
    raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('trips', 'id'), (SELECT max(id) FROM trips))")
        )
        conn.execute(text("VACUUM ANALYZE"))
    return to_mexico


def _json(value) -> str:
    return json.dumps(value)


def _engine_alone(engine, loaded) -> float:
    """The baseline: generate_checklist over every seeded trip, no database writes."""
    from sqlalchemy import select

    from travelprep.db.models import Trip
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary

    with make_session_factory(engine)() as session:
        itineraries = list(session.scalars(select(Trip.itinerary)))
    started = time.perf_counter()
    for data in itineraries:
        generate_checklist(parse_itinerary(data), loaded.rulebook, TODAY)
    return time.perf_counter() - started


def _run(sessions, settings, cause: str):
    from travelprep.reevaluation import job

    loaded = load_versioned_rulebook(settings)
    started = time.perf_counter()
    summary = job.run(sessions, loaded=loaded, settings=settings, today=TODAY, cause=cause)
    return time.perf_counter() - started, summary


def _two_instances(settings) -> tuple[float, list[str]]:
    """`travelprep trips reevaluate` in two processes at once, as two instances would run it."""
    env = os.environ | {
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_DIR": str(settings.data_dir),
        "TRAVELPREP_DATABASE_URL": settings.effective_database_url,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [str(Path(sys.executable).parent / "travelprep"), "trips", "reevaluate", "--no-send",
               "--today", TODAY.isoformat()]  # fmt: skip
    started = time.perf_counter()
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=1800)[0].rstrip().splitlines()[-1] for run in runs]
    return time.perf_counter() - started, outputs


def main() -> None:
    server = ThrowawayPostgres().start()
    try:
        url = server.create_database(f"reeval_{uuid.uuid4().hex[:8]}")
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        to_mexico = _seed(engine, random.Random(15))
        seeded = time.perf_counter() - started
        print(f"seeded {TRIPS} upcoming trips ({to_mexico} to Mexico) in {seeded:.1f} s")
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(env="development", data_dir=Path(folder), database_url=url)
            store = DataStore(Path(folder))
            import_advisories(feed_with(), origin="level-2.xml", store=store, allow_fewer=True)
            sessions = make_session_factory(engine)
            baseline = _engine_alone(engine, load_versioned_rulebook(settings))
            print(f"baseline: generate_checklist alone over {TRIPS} trips: {baseline:.1f} s")
            first, summary = _run(sessions, settings, "the advisory import of 2026-10-07")
            print(f"first run (every trip's first version): {first:.1f} s, {summary.checked} trips checked, "
                  f"{summary.changed} changed ({first / baseline:.2f}x the baseline)")  # fmt: skip
            moved = feed_with(mexico_level=4, published="Mon, 30 Nov 2026 09:00:00 -0500")
            import_advisories(moved, origin="level-4.xml", store=store, allow_fewer=True)
            after, summary = _run(sessions, settings, "the advisory import of 2026-11-30")
            verdict = "goal met" if after <= GOAL_SECONDS else "GOAL MISSED"
            ratio = f"{after / baseline:.2f}x the baseline; goal <= {GOAL_SECONDS:.0f} s: {verdict}"
            print(f"after the import (Mexico Level 2 -> 4): {after:.1f} s for {summary.checked} trips, "
                  f"{summary.changed} changed, {summary.notices} notices queued ({ratio})")  # fmt: skip
            again, summary = _run(sessions, settings, "")
            print(f"again, same data: {again:.2f} s, {summary.checked} trips checked")
            back = feed_with(mexico_level=2, published="Tue, 01 Dec 2026 09:00:00 -0500")
            import_advisories(back, origin="level-2-again.xml", store=store, allow_fewer=True)
            both, outputs = _two_instances(settings)
            print(f"two instances at once after the next import (Mexico back to Level 2): {both:.1f} s; "
                  + "; ".join(line.rsplit(": ", 1)[-1] for line in outputs))  # fmt: skip
        engine.dispose()
    finally:
        server.stop()
