"""After a real advisory import, the trip page in Chromium: the stale-data banner, then the
"Changed since you last looked" panel, dismissed from the keyboard; axe finds nothing serious."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import OUTPUT, serious_accessibility_violations, sign_in
from tests.reevaluation.conftest import feed_with
from tests.support.postgres import free_port

pytestmark = pytest.mark.browser
TRAVELPREP = str(Path(sys.executable).parent / "travelprep")


def _run(env, *args: str) -> str:
    done = subprocess.run(
        [TRAVELPREP, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def server_with_data(tmp_path):
    """`travelprep serve` on a data directory with the advisory feed imported (Mexico at Level 2)."""
    env = os.environ | {
        "TRAVELPREP_DATA_DIR": str(tmp_path),
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_CHECK_SECONDS": "0",  # the page after the import shows the new data
    }
    env.pop("TRAVELPREP_DATABASE_URL", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    feed = tmp_path / "level-2.xml"
    feed.write_bytes(feed_with())
    _run(env, "db", "upgrade")
    _run(env, "data", "import", "advisories", str(feed), "--allow-fewer")
    port = free_port()
    server = subprocess.Popen(
        [TRAVELPREP, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a wait for the server, not a measure of it
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert server.poll() is None, "the server did not start"
        yield url, env, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_stale_banner_then_the_changes_panel_dismissed_from_the_keyboard(server_with_data, page):
    url, env, folder = server_with_data
    sign_in(page, url, "ada@example.edu", "traveler", home="/trips")
    page.goto(f"{url}/trips/new")
    page.fill("#traveler-name", "Ada Lovelace")
    page.fill("#traveler-citizenships", "United States")
    page.fill("#departure", "2027-03-09")
    page.fill("#return", "2027-03-20")
    page.fill("#legs-0-country", "Mexico")
    page.fill("#legs-0-city", "Mexico City")
    page.fill("#legs-0-arrive", "2027-03-10")
    page.fill("#legs-0-depart", "2027-03-19")
    page.check("#devices-laptop")
    page.locator("button[name=save]:not(.default-submit)").click()
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    trip_url = page.url

    # The advisories in force are dated 2026-10-07, past their 30-day limit.
    banner = page.locator("section.stale-data")
    assert "State Department travel advisories" in banner.inner_text()
    assert "30-day limit" in banner.inner_text()
    assert page.locator("section.changes").count() == 0
    assert serious_accessibility_violations(page) == []

    feed = folder / "level-4.xml"
    feed.write_bytes(feed_with(mexico_level=4, published="Mon, 30 Nov 2026 09:00:00 -0500"))
    imported = _run(env, "data", "import", "advisories", str(feed), "--allow-fewer")
    assert "1 trips changed" in imported

    page.goto(trip_url)
    panel = page.locator("section.changes")
    assert "Changed since you last looked" in panel.inner_text()
    assert "Mexico's advisory moved from Level 2 to Level 4 on 2026-11-30" in panel.inner_text()
    assert serious_accessibility_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "trip-changes-panel.png"), full_page=True)

    dismiss = panel.get_by_role("button", name="Dismiss: I have read this")
    dismiss.focus()
    with page.expect_navigation():  # the POST, then its redirect back to the trip
        page.keyboard.press("Enter")
    assert page.url == trip_url, page.content()[:2000]
    assert page.locator("section.changes").count() == 0
