"""Operations: start-up time with all data loaded, and the cost of the metrics middleware.

Run with `make bench BENCH=ops`.

- Start-up: a data directory holding the whole visa table (the real Passport Index table from
  ../shared/data when present, never copied; else a generated one of the same size) and a full
  advisory feed. Timed in-process (`create_app`, i.e. loading the rulebook and building the
  app) and as a real `travelprep serve` until /readyz answers 200.
- Middleware: GET /api/v1/ping (and, in-process, POST /api/v1/checklists with a different
  itinerary each time, a real endpoint) through the whole app without the observability middleware,
  with it (metrics and the JSON access log at INFO, as `travelprep serve` runs) and with
  metrics only (log level warning). First in-process (ASGI calls, no sockets), then over
  HTTP with uvicorn (1 worker each) under wrk, rounds in rotating order. This machine is
  shared and often loaded far beyond its 2 cores, so throughput is counted per CPU second
  the app used (process CPU time in-process; the server's utime+stime from /proc over HTTP)
  as well as per wall second. Printed as ratios to the bare app. Goal: under 5% lost.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_data import advisory_feed, visa_table_text  # noqa: E402
from bench.bench_web import SECONDS, _measure  # noqa: E402
from tests.support.postgres import free_port  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
VARIANTS = {
    "bare": ("no observability middleware", "warning"),
    "full": ("metrics + JSON access log (INFO)", "info"),
    "metrics": ("metrics, access log off (WARNING)", "warning"),
}


def _as_served(app):
    """The garbage-collector tuning of travelprep.web.asgi, which every server process gets."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    return app


def app_without_observability():
    """The app as `travelprep.web.asgi` builds it, minus the observability middleware."""
    from travelprep.web.app import create_app
    from travelprep.web.observability import ObservabilityMiddleware

    app = create_app()
    app.user_middleware = [m for m in app.user_middleware if m.cls is not ObservabilityMiddleware]
    return _as_served(app)


def app_with_observability():
    """The app exactly as `travelprep serve` runs it."""
    from travelprep.web.app import create_app

    return _as_served(create_app())


def _fill_data_dir(folder: Path) -> str:
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.importers.advisories import import_advisories
    from travelprep.refdata.importers.visas import import_visas

    store = DataStore(folder)
    text, label = visa_table_text()
    import_visas(text, origin="bench.csv", as_of=date(2025, 1, 12), store=store)
    import_advisories(advisory_feed(), origin="bench.xml", store=store, allow_fewer=True)
    return label


def _env(folder: Path, log_level: str = "warning") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAVELPREP_", "PROMETHEUS_"))}
    return env | {
        "TRAVELPREP_DATA_DIR": str(folder),
        "TRAVELPREP_LOG_LEVEL": log_level,
        "PYTHONPATH": str(ROOT),
    }


def _wait_for(url: str, server: subprocess.Popen, path: str = "/readyz") -> float:
    started = time.perf_counter()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            if httpx.get(url + path, timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def _serve_start_seconds(folder: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "travelprep"), "serve", "--port", str(port)],
        env=_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}", server)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def startup(folder: Path, empty: Path) -> None:
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.settings import Settings
    from travelprep.web.app import create_app

    label = _fill_data_dir(folder)
    for where in (folder, empty):
        migrate.upgrade(make_engine(f"sqlite:///{where / 'travelprep.sqlite3'}"))
    print(f"data: visa table ({label}) and a full advisory feed, imported")

    def build(where: Path) -> float:
        began = time.perf_counter()
        app = create_app(Settings(data_dir=where))
        took = time.perf_counter() - began
        app.state.engine.dispose()
        return took

    build(empty)  # warm imports and YAML caches, as a running process has them
    times = {"shipped": [], "imported": []}
    for _ in range(5):
        times["shipped"].append(build(empty))
        times["imported"].append(build(folder))
    shipped, loaded = statistics.median(times["shipped"]), statistics.median(times["imported"])
    print(
        f"create_app (rulebook + app), warm process: {loaded * 1000:8.1f} ms with all data, "
        f"{shipped * 1000:.1f} ms shipped only ({loaded / shipped:.2f}x)"
    )
    served = sorted(_serve_start_seconds(folder) for _ in range(3))
    median = statistics.median(served)
    print(
        f"`travelprep serve` from exec to /readyz 200, all data: {median * 1000:8.1f} ms "
        f"(median of 3; min {served[0] * 1000:.0f} ms)"
    )


def _start_variant(name: str, folder: Path) -> tuple[subprocess.Popen, str]:
    factory = "app_without_observability" if name == "bare" else "app_with_observability"
    level = VARIANTS[name][1]
    port = free_port()
    code = (
        "import uvicorn; from travelprep.logs import logging_config; "
        f"uvicorn.run('bench.bench_ops:{factory}', factory=True, port={port}, access_log=False, "
        f"log_config=logging_config('{level}'), log_level='{level}')"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        env=_env(folder, level),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_for(url, server, "/api/v1/ping")
    return server, url


def _in_process_app(name: str, folder: Path):
    from travelprep.settings import Settings
    from travelprep.web.app import create_app
    from travelprep.web.observability import ObservabilityMiddleware

    app = create_app(Settings(data_dir=folder))
    if name == "bare":
        app.user_middleware = [m for m in app.user_middleware if m.cls is not ObservabilityMiddleware]
    return app


def _ping_requests(count: int) -> list[tuple[str, str, bytes]]:
    return [("GET", "/api/v1/ping", b"")] * count


def _checklist_requests(count: int) -> list[tuple[str, str, bytes]]:
    """POST /api/v1/checklists, each with a different itinerary (no cache hits)."""
    from tests.support.fixtures import itinerary_data

    base = itinerary_data()
    return [
        (
            "POST",
            "/api/v1/checklists",
            json.dumps(base | {"traveler": base["traveler"] | {"name": f"Bench {n}"}}).encode(),
        )
        for n in range(count)
    ]


async def _asgi_rate(app, requests: list[tuple[str, str, bytes]]) -> float:
    """Requests answered per CPU second of this process, called straight through ASGI."""
    headers = [(b"host", b"bench"), (b"accept", b"*/*"), (b"content-type", b"application/json")]

    async def send(message):
        return None

    began = time.process_time()
    for method, path, body in requests:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }

        async def receive(body=body):
            return {"type": "http.request", "body": body, "more_body": False}

        await app(scope, receive, send)
    return len(requests) / (time.process_time() - began)


def middleware_in_process(folder: Path) -> None:
    import asyncio
    import logging

    from travelprep.logs import configure_logging

    configure_logging("info")
    handler = logging.getLogger("travelprep").handlers[0]
    handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - a log sink for the run
    access = logging.getLogger("travelprep.access")
    apps = {name: _in_process_app(name, folder) for name in VARIANTS}
    _as_served(None)
    loads = {
        "GET /api/v1/ping": (_ping_requests(5000), 7),
        "POST /api/v1/checklists, unique itineraries": (_checklist_requests(200), 5),
    }

    async def run(requests, runs) -> dict[str, float]:
        best = dict.fromkeys(VARIANTS, 0.0)
        for app in apps.values():
            await _asgi_rate(app, requests[:200])
        for _ in range(runs):
            for name, app in apps.items():
                access.setLevel(logging.INFO if VARIANTS[name][1] == "info" else logging.WARNING)
                best[name] = max(best[name], await _asgi_rate(app, requests))
        return best

    for title, (requests, runs) in loads.items():
        best = asyncio.run(run(requests, runs))
        print(
            f"{title}, in-process through the whole app, requests per CPU second "
            f"(best of {runs} alternating runs):"
        )
        for name, (label, _) in VARIANTS.items():
            added = 1e6 / best[name] - 1e6 / best["bare"]
            print(
                f"  {label:<36} {best[name]:9.0f} req/s  ratio to bare {best[name] / best['bare']:.3f}"
                f"  ({added:+.1f} us per request)"
            )


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def middleware_overhead(folder: Path) -> None:
    servers = {name: _start_variant(name, folder) for name in VARIANTS}
    try:
        for _, url in servers.values():
            _measure("warm-up", f"{url}/api/v1/ping")
        found: dict[str, list[float]] = {name: [] for name in VARIANTS}
        per_cpu: dict[str, list[float]] = {name: [] for name in VARIANTS}
        names = list(servers)
        for round_number in range(ROUNDS):
            shift = round_number % len(names)  # rotate, so no variant always runs first or last
            for name in names[shift:] + names[:shift]:
                server, url = servers[name]
                cpu = _cpu_seconds(server.pid)
                measure = _measure(name, f"{url}/api/v1/ping")
                served = measure.requests_per_second * max(1, round(SECONDS))
                found[name].append(measure.requests_per_second)
                per_cpu[name].append(served / (_cpu_seconds(server.pid) - cpu))
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=30)
    bare, bare_cpu = statistics.median(found["bare"]), statistics.median(per_cpu["bare"])
    print(f"GET /api/v1/ping over HTTP, uvicorn 1 worker, wrk, {ROUNDS} rounds in rotating order (medians):")
    for name, (label, _) in VARIANTS.items():
        rps, cpu = statistics.median(found[name]), statistics.median(per_cpu[name])
        print(
            f"  {label:<36} {rps:7.0f} req/s ({rps / bare:.3f})  {cpu:7.0f} req per server CPU s "
            f"({cpu / bare_cpu:.3f})"
        )
    print("(goal: ratio >= 0.95, i.e. under 5% of throughput lost to the middleware)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as empty:
        startup(Path(folder), Path(empty))
        middleware_in_process(Path(folder))
        middleware_overhead(Path(folder))


if __name__ == "__main__":
    main()
