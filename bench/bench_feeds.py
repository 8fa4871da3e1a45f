"""A traveler's subscribed feed through the app: 50 saved trips, about 20 dated events each.

Measured through the ASGI app (httpx's ASGI transport: routing, dependencies, the database
queries, checklists and the calendar), on SQLite and, when PostgreSQL is installed, on a
throwaway PostgreSQL cluster:
- the first full GET (nothing cached: checklists generated and events serialized);
- a full GET when only the calendar's serialized events are cold (checklists cached);
- a full GET when warm (the usual case: new DTSTAMP, cached events);
- a conditional GET answered 304 (If-None-Match), which must not build the calendar.
Goals (issue 4): the 304 does not build the calendar, and the full feed answers in < 50 ms.
Times are medians, wall-clock and CPU time of this process (the app and the client; on
PostgreSQL the server's own work shows in wall-clock only). On a busy machine the wall-clock
figures wander; the CPU figures say what a request costs.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_calendar import busy_trip  # noqa: E402
from tests.support.postgres import ThrowawayPostgres  # noqa: E402

TRIPS = 50
TODAY = date(2026, 11, 21)


def _seed(engine, rulebook) -> tuple[str, int]:
    """A traveler with TRIPS busy trips; returns the feed token and the dated items per trip."""
    from travelprep.accounts import repository as users
    from travelprep.calendar import repository as feeds
    from travelprep.db.engine import make_session_factory
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary
    from travelprep.trips import repository as trips

    with make_session_factory(engine)() as session:
        user = users.get_or_create(session, email="ada@example.edu", name="Ada Lovelace")
        dated = 0
        for number in range(TRIPS):
            itinerary = parse_itinerary(busy_trip(date(2027, 1, 4) + timedelta(days=9 * number)))
            checklist = generate_checklist(itinerary, rulebook, TODAY)
            dated = sum(1 for item in checklist.items if item.due is not None)
            trips.create(session, user=user, itinerary=itinerary, checklist=checklist)
        token = feeds.ensure_token(session, user=user)
        session.commit()
    return token, dated


async def _time(client: httpx.AsyncClient, path: str, rounds: int, headers=None, before=None):
    """Median wall-clock time, median CPU time of this process, and the last response."""
    walls, cpus, last = [], [], None
    for _ in range(rounds):
        if before:
            before()
        start, cpu = time.perf_counter(), time.process_time()
        last = await client.get(path, headers=headers or {})
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), last


async def _measure(app, token: str) -> dict[str, float]:
    from travelprep.calendar import pages as calendar_feed
    from travelprep.calendar.builder import SERIALIZED_TRIPS

    path = f"/calendar/{token}.ics"
    built = {"count": 0}
    real_build = calendar_feed.build_calendar

    def counting_build(*args, **kwargs):
        built["count"] += 1
        return real_build(*args, **kwargs)

    calendar_feed.build_calendar = counting_build
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        SERIALIZED_TRIPS.clear()
        start = time.perf_counter()
        first = await client.get(path)
        cold = time.perf_counter() - start
        assert first.status_code == 200, first.text
        events = first.content.count(b"BEGIN:VEVENT")
        serialize, _, _ = await _time(client, path, 5, before=SERIALIZED_TRIPS.clear)
        full, full_cpu, _ = await _time(client, path, 30)
        builds_before = built["count"]
        etag = first.headers["etag"]
        not_modified, nm_cpu, last = await _time(client, path, 200, headers={"If-None-Match": etag})
        assert last.status_code == 304 and built["count"] == builds_before, "a 304 built the calendar"
    calendar_feed.build_calendar = real_build
    return {
        "cold": cold,
        "serialize": serialize,
        "full": full,
        "full_cpu": full_cpu,
        "not_modified": not_modified,
        "nm_cpu": nm_cpu,
        "events": events,
        "kb": len(first.content) / 1000,
    }


def _run(label: str, url: str, data_dir: Path, rulebook) -> None:
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.settings import Settings
    from travelprep.web.app import create_app

    engine = make_engine(url)
    migrate.upgrade(engine)
    token, dated = _seed(engine, rulebook)
    app = create_app(Settings(data_dir=data_dir, database_url=url), engine=engine, rulebook=rulebook)
    app.state.clock = lambda: TODAY
    result = asyncio.run(_measure(app, token))
    engine.dispose()
    print(
        f"-- {label}: {TRIPS} trips x {dated} dated items (+ trip and 4 reminders) = "
        f"{result['events']} events, {result['kb']:,.0f} kB"
    )
    print(f"full GET, first ever (checklists + events built): {result['cold'] * 1000:8.1f} ms")
    print(f"full GET, events serialized afresh:               {result['serialize'] * 1000:8.1f} ms")
    print(
        f"full GET, warm (wall / CPU):                      {result['full'] * 1000:8.1f} ms"
        f" / {result['full_cpu'] * 1000:.1f} ms  (goal < 50 ms)"
    )
    print(
        f"conditional GET -> 304 (wall / CPU):              {result['not_modified'] * 1000:8.2f} ms"
        f" / {result['nm_cpu'] * 1000:.2f} ms  (calendar not built: checked)"
    )
    print(
        f"full GET / 304 (wall, CPU):                       {result['full'] / result['not_modified']:8.1f}x"
        f", {result['full_cpu'] / max(result['nm_cpu'], 1e-9):.1f}x"
    )


def main() -> None:
    from travelprep.engine.rules.rulebook import load_rulebook

    rulebook = load_rulebook()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        _run("SQLite", f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir, rulebook)
        try:
            server = ThrowawayPostgres().start()
        except RuntimeError as missing:
            print(f"-- PostgreSQL skipped: {missing}")
            return
        try:
            url = server.create_database(f"bench_{uuid.uuid4().hex[:8]}")
            _run("PostgreSQL", url, data_dir, rulebook)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
