"""Worker processes for the screening bench: each maps the index, answers queries, is measured.

A worker loads the screener as a web worker does (`load_screener`), answers the queries it
is sent, reports its load time, then waits while the parent reads its memory from
/proc/PID/smaps_rollup: Pss splits shared pages between the processes that map them, so the
total Pss of N workers is what N workers really cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WORKER = """
import json, sys, time
from travelprep.refdata.screener import load_screener
started = time.perf_counter()
screener = load_screener(sys.argv[1], sys.argv[2])
loaded = time.perf_counter() - started
for query in json.loads(sys.stdin.readline()):
    screener.screen([query])
print(json.dumps({"load_seconds": loaded}), flush=True)
sys.stdin.readline()  # measured now; exit when told
"""
FIELDS = ("Rss", "Pss", "Pss_File", "Pss_Anon", "Shared_Clean", "Private_Clean", "Private_Dirty")


def smaps_rollup(pid: int) -> dict[str, float]:
    """The memory of one process in MB, from /proc/PID/smaps_rollup."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in FIELDS:
            found[name] = int(rest.split()[0]) / 1024
    return found


def run_workers(count: int, checklists: Path, data: Path, queries: list[str]) -> list[dict[str, float]]:
    """Start `count` workers at once; their load time and memory once all answered `queries`."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(checklists), str(data)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    measured = []
    try:
        for worker in workers:
            worker.stdin.write(json.dumps(queries) + "\n")
            worker.stdin.flush()
        reports = [json.loads(worker.stdout.readline()) for worker in workers]
        # Every worker is loaded and has answered before any is measured.
        for worker, report in zip(workers, reports, strict=True):
            measured.append({**report, **smaps_rollup(worker.pid)})
    finally:
        for worker in workers:
            worker.stdin.close()
            worker.wait(timeout=60)
    return measured
