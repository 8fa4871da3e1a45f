"""What the benches that start a real server share: waiting until it answers."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_serving(server: subprocess.Popen, url: str, seconds: float = 60) -> None:
    """Return once `url` answers /api/v1/ping; kill the server and raise if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v1/ping", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")
