"""Staff pages at a large university's scale: 100,000 trips in a throwaway PostgreSQL.

`make bench BENCH=scale`. Seeds by batched COPY (bench/scale_seed.py), stores the seeded trips'
screening hits with one re-screening pass (timed), starts the app with 2
uvicorn workers, then prints p50/p95/p99 per page with 1 and 4 concurrent clients, the CSV
export's rows per second, and each worker's resident memory after the run. Goals (p99, 4
clients): /staff/trips and its filtered form < 200 ms, /staff/screening < 200 ms, a heavy
traveler's /trips < 200 ms; /staff/abroad < 100 ms with 1 client. About three minutes.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_seed import seed  # noqa: E402
from bench.serving import wait_until_serving  # noqa: E402
from tests.support.postgres import ThrowawayPostgres, free_port  # noqa: E402
from travelprep.db import migrate  # noqa: E402
from travelprep.db.engine import make_engine  # noqa: E402

WORKERS = 2
ROUNDS = {1: 40, 4: 30}  # requests per client, by number of concurrent clients
PAGES = [
    # (label, path, who, goal in ms, clients the goal is for)
    ("/staff/trips", "/staff/trips", "officer", 200, 4),
    ("/staff/trips?country=CN&start&end&risk=yes",
     "/staff/trips?country=CN&start=2027-01-01&end=2027-06-30&risk=yes", "officer", 200, 4),
    ("/staff/screening", "/staff/screening", "officer", 200, 4),
    ("/staff/abroad?day=2027-01-15 (anywhere)", "/staff/abroad?day=2027-01-15", "officer", 100, 1),
    ("heavy traveler's /trips (70 trips)", "/trips", "heavy", 200, 4),
]  # fmt: skip


# One worker in this process, with gc.freeze() (web/asgi.py) left in place or made a no-op.
ONE_WORKER = (
    "import gc, sys, uvicorn\n"
    "if sys.argv[2] == 'off': gc.freeze = gc.set_threshold = lambda *a: None\n"
    "uvicorn.run('travelprep.web.asgi:app', port=int(sys.argv[1]), log_level='warning')"
)


def _start(env: dict[str, str], freeze: str = "") -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [str(Path(sys.executable).parent / "travelprep"), "serve", "--port", str(port),
               "--workers", str(WORKERS)]  # fmt: skip
    if freeze:
        command = [sys.executable, "-c", ONE_WORKER, str(port), freeze]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(server, url)
    return server, url


def _cookie(url: str, email: str, role: str) -> dict[str, str]:
    browser = httpx.Client(base_url=url, headers={"Origin": url})
    assert browser.post("/signin", data={"email": email, "role": role}).status_code == 303
    return {"Cookie": f"travelprep_session={browser.cookies['travelprep_session']}"}


async def _load(url: str, headers: dict[str, str], clients: int, rounds: int) -> list[float]:
    latencies: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        for _ in range(rounds):
            started = time.perf_counter()
            response = await http.get(url, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)

    async with httpx.AsyncClient(timeout=60) as http:
        await http.get(url, headers=headers)  # each worker's first view is not what staff wait for
        await http.get(url, headers=headers)
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies


def _percentiles(latencies: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49], cuts[94], cuts[98]


def _csv_rate(url: str, headers: dict[str, str]) -> tuple[int, float]:
    started, rows = time.perf_counter(), 0
    with httpx.stream(
        "GET", f"{url}/staff/trips.csv?start=&cancelled=1", headers=headers, timeout=300
    ) as response:
        for line in response.iter_lines():
            rows += bool(line)
    return rows - 1, time.perf_counter() - started


def _worker_memory(server: subprocess.Popen) -> list[int]:
    """Resident memory (MB) of each uvicorn worker: the server's spawned child processes."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        if b"spawn_main" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            continue  # multiprocessing's resource tracker, not a worker
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def main() -> None:
    server = ThrowawayPostgres().start()
    try:
        database = server.create_database(f"scale_{uuid.uuid4().hex[:8]}")
        engine = make_engine(database)
        migrate.upgrade(engine)
        started = time.perf_counter()
        counts = seed(engine, random.Random(14))
        engine.dispose()
        print(f"seeded by batched COPY in {time.perf_counter() - started:.0f} s: {counts['users']:,} users, "
              f"{counts['trips']:,} trips, {counts['legs']:,} legs, {counts['items']:,} item rows, "
              f"{counts['audit']:,} audit rows, 300 devices, 3,000 loaner requests")  # fmt: skip
        with tempfile.TemporaryDirectory() as data_dir:
            env = os.environ | {
                "TRAVELPREP_ENV": "development",
                "TRAVELPREP_DATA_DIR": data_dir,
                "TRAVELPREP_DATABASE_URL": database,
                # The workers would re-evaluate the 100,000 fresh trips at start-up, while the
                # pages are measured: it runs to the end first instead, as on a live registry.
                "TRAVELPREP_REEVALUATE_IN_BACKGROUND": "false",
            }
            _store_screening_hits(database, Path(data_dir))
            _reevaluate(env)
            app, url = _start(env)
            try:
                _measure(app, url)
            finally:
                app.terminate()
                app.wait(timeout=30)
            for freeze in ("on", "off"):
                app, url = _start(env, freeze)
                try:
                    _gc_freeze_effect(url, freeze)
                finally:
                    app.terminate()
                    app.wait(timeout=30)
    finally:
        server.stop()


def _reevaluate(env: dict[str, str]) -> None:
    """Each trip's first checklist version, recorded before the pages are measured."""
    command = [str(Path(sys.executable).with_name("travelprep")), "trips", "reevaluate", "--no-send"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    print(f"re-evaluation before measuring: {last} in {time.perf_counter() - started:.0f} s")


def _store_screening_hits(database: str, data_dir: Path) -> None:
    """Seeded rows have no stored hits: one re-screening pass stores them, as after an upgrade."""
    from datetime import date

    from travelprep.db.engine import make_session_factory
    from travelprep.paths import checklists_dir
    from travelprep.refdata.loading import load_current_rulebook
    from travelprep.review.rescreen import lists_fingerprint, rescreen

    engine = make_engine(database)
    rulebook = load_current_rulebook(data_dir=data_dir)
    started, cpu = time.perf_counter(), time.process_time()
    summary = rescreen(make_session_factory(engine), rulebook=rulebook, today=date.today(), trigger="bench",
                       fingerprint=lists_fingerprint(checklists_dir(), data_dir))  # fmt: skip
    print(f"re-screening pass: {summary.screened:,} trips not yet over, {summary.changed:,} changed, "
          f"in {time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU)")  # fmt: skip
    engine.dispose()


def _measure(app: subprocess.Popen, url: str) -> None:
    who = {
        "officer": _cookie(url, "officer@example.edu", "compliance"),
        "heavy": _cookie(url, "traveler1@example.edu", "traveler"),
    }
    print(f"PostgreSQL, {WORKERS} uvicorn workers, {os.cpu_count()} cores; latency in ms")
    for label, path, person, goal, goal_clients in PAGES:
        for clients, rounds in ROUNDS.items():
            p50, p95, p99 = _percentiles(asyncio.run(_load(url + path, who[person], clients, rounds)))
            verdict = ""
            if clients == goal_clients:
                verdict = f"  ({'meets' if p99 < goal else 'MISSES'} p99 < {goal} ms)"
            print(f"  {label}, {clients} client{'s' if clients > 1 else ' '}: "
                  f"p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f}{verdict}", flush=True)  # fmt: skip
    rows, seconds = _csv_rate(url, who["officer"])
    print(f"  CSV export of every trip: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s")
    print(f"  worker memory after the run (RSS): {', '.join(f'{mb} MB' for mb in _worker_memory(app))}")


def _gc_freeze_effect(url: str, freeze: str) -> None:
    """One worker, one client: the staff list and the heavy traveler's list, gc.freeze() on or off."""
    who = {"officer": _cookie(url, "officer@example.edu", "compliance"),
           "heavy": _cookie(url, "traveler1@example.edu", "traveler")}  # fmt: skip
    for label, path, person, *_ in (PAGES[0], PAGES[4]):
        p50, p95, p99 = _percentiles(asyncio.run(_load(url + path, who[person], 1, 60)))
        print(f"  1 worker, gc.freeze() {freeze:3}: {label}: p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f}")


if __name__ == "__main__":
    main()
