"""Browser tests: the real server (`travelprep serve`) on a free port, driven in Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.postgres import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


def _command(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "travelprep"), *args]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The app served by uvicorn as `make run` serves it, on a fresh SQLite database."""
    data_dir = tmp_path_factory.mktemp("live")
    env = os.environ | {"TRAVELPREP_DATA_DIR": str(data_dir), "TRAVELPREP_ENV": "development"}
    env.pop("TRAVELPREP_DATABASE_URL", None)
    subprocess.run(_command("db", "upgrade"), env=env, check=True, capture_output=True)
    port = free_port()
    # The server's log goes to a file: a pipe nobody reads fills up after a few hundred
    # requests' log lines, and the server then blocks on its next write.
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(
        _command("serve", "--host", "127.0.0.1", "--port", str(port)),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v1/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                output = (data_dir / "server.log").read_text(errors="replace")
                pytest.fail(f"the server did not start:\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; fails loudly if it is missing (make test installs it)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page (no cookies from other tests)."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)  # generous: CI machines can be busy
    yield tab
    context.close()


def sign_in(page, url: str, email: str, role: str = "traveler", *, home: str | None = None) -> None:
    """Sign in through the dev form, then wait for the role's home page (exactly `home`, if given)."""
    page.goto(f"{url}/signin")
    page.fill("#signin-email", email)
    page.select_option("#signin-role", role)
    page.locator("form.stack button").click()
    page.wait_for_url(f"{url}{home}" if home else re.compile(r".*/(trips|loaner|staff/trips)(\?.*)?$"))


def serious_accessibility_violations(page) -> list[str]:
    """Run axe-core in the page; the serious and critical violations, described."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {AXE.parents[2]} (make test does this)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
