"""A handler that fails with a secret in its message, under the real `travelprep serve`.

uvicorn logs its own "Exception in ASGI application" line with the traceback; that line, and
every other, must keep the exception's type and frames but never its message (which may carry
user text or secrets).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.fixtures import itinerary_data
from tests.support.postgres import free_port
from travelprep.db import migrate
from travelprep.db.engine import make_engine

pytestmark = pytest.mark.web

SECRET = "tp_s3cret-9f1c ada.lovelace@example.edu"
# The server as `travelprep serve` runs it, with the checklist engine replaced by one that fails.
SERVE_WITH_A_FAILING_HANDLER = f"""
import sys
import travelprep.trips.checklist_api as checklist_api

def fail(*args, **kwargs):
    raise RuntimeError({SECRET!r})

checklist_api.generate_checklist_json = fail
from travelprep.cli.main import run
sys.argv = ["travelprep", "serve", "--host", "127.0.0.1", "--port", sys.argv[1]]
run()
"""


def test_uvicorns_traceback_line_names_the_error_but_not_its_message(tmp_path):
    database = tmp_path / "travelprep.sqlite3"
    migrate.upgrade(make_engine(f"sqlite:///{database}"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAVELPREP_", "PROMETHEUS_"))}
    env |= {
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_DIR": str(tmp_path / "data"),
        "TRAVELPREP_DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE_WITH_A_FAILING_HANDLER, str(port)],
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        failed = httpx.post(
            f"{base}/api/v1/checklists", json=itinerary_data(), headers={"X-Request-ID": "boom-1"}, timeout=30
        )
        assert failed.status_code == 500
        assert SECRET not in failed.text
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    text = log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    [uvicorn_error] = [line for line in lines if line["logger"] == "uvicorn.error" and "error" in line]
    assert "Exception in ASGI application" in uvicorn_error["message"]
    assert "builtins.RuntimeError: [message withheld from the log]" in uvicorn_error["error"]
    assert "checklist_api.py" in uvicorn_error["error"]  # the frames are still there to debug with
    [app_error] = [line for line in lines if line["logger"] == "travelprep.errors"]
    assert app_error["request_id"] == "boom-1" and app_error["error_type"] == "builtins.RuntimeError"
    assert "s3cret" not in text and "ada.lovelace" not in text
