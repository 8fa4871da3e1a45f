"""After list updates, the staff screening page shows a new hit and a withdrawn one, accessibly.

A server of its own (its own data directory and database): the list imports here must not
change what the other browser tests screen against.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.browser.conftest import _command, serious_accessibility_violations, sign_in
from tests.review.lists import QUILLON, ZORVEX
from tests.screening.samples import CSL_ROWS, write_csl_csv
from tests.support.postgres import free_port
from tests.support.web import form_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict]]:
    """The app served on a fresh SQLite database, and the environment its commands need."""
    data_dir = tmp_path_factory.mktemp("rescreen-live")
    env = os.environ | {"TRAVELPREP_DATA_DIR": str(data_dir), "TRAVELPREP_ENV": "development"}
    env.pop("TRAVELPREP_DATABASE_URL", None)
    subprocess.run(_command("db", "upgrade"), env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(_command("serve", "--host", "127.0.0.1", "--port", str(port)), env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the server did not start")
            time.sleep(0.1)
        yield url, env
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/ping", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _import(env: dict, path, as_of: str) -> str:
    done = subprocess.run(
        _command("data", "import", "csl", str(path), "--as-of", as_of),
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The re-screening's line (the re-evaluation of the trips' checklists follows it).
    (rescreened,) = [line for line in done.stdout.splitlines() if line.startswith("Re-screened")]
    return rescreened


def test_staff_page_shows_a_new_hit_and_a_withdrawn_one(server, page, tmp_path):
    url, env = server
    with httpx.Client(base_url=url, headers={"Origin": url}) as traveler:
        signin = {"email": "lists@example.edu", "role": "traveler", "next": "/trips"}
        assert traveler.post("/signin", data=signin).status_code == 303
        saved = traveler.post("/trips/new", data=form_data(institutions=f"{ZORVEX}\n{QUILLON}"))
        assert saved.status_code == 303
        trip_id = int(saved.headers["location"].rsplit("/", 1)[1])
    assert (
        _import(env, write_csl_csv(tmp_path / "first.csv"), "2026-11-20").strip().endswith("1 trips changed")
    )
    without = write_csl_csv(tmp_path / "second.csv", [r for r in CSL_ROWS if r["name"] != ZORVEX])
    assert _import(env, without, "2026-11-27").strip().endswith("1 trips changed")

    sign_in(
        page, url, "officer@example.edu", "compliance", home="/staff/trips"
    )  # compliance staff land on their own home
    page.goto(f"{url}/staff/screening")

    row = page.locator("tr", has=page.locator(f'a[href="/trips/{trip_id}/screening"]'))
    withdrawn = row.locator("li.hit.withdrawn")
    assert withdrawn.count() == 1 and ZORVEX in withdrawn.inner_text()
    assert "Withdrawn on" in withdrawn.inner_text() and withdrawn.locator("del").count() == 1
    new = row.locator("li.hit:not(.withdrawn)")
    assert new.count() == 1 and "New since the list update of 2026-11-20" in new.inner_text()
    assert serious_accessibility_violations(page) == []

    page.goto(f"{url}/trips/{trip_id}/screening")
    assert "Withdrawn on" in page.inner_text(
        "main"
    ) and "New since the list update of 2026-11-20" in page.inner_text("main")
    assert serious_accessibility_violations(page) == []
