"""`make screenshots`: the trip page, the desk's dashboard and the staff trip list at 1280 and 390 px.

The PNGs go to test-output/screenshots (ignored by git) for a reviewer to look at; the test checks
that each was written and is a real image of the page's full height.
"""

from __future__ import annotations

import struct

import pytest

from tests.browser.conftest import OUTPUT
from tests.browser.desk_staff_seed import seed

pytestmark = pytest.mark.browser

FOLDER = OUTPUT / "screenshots"
WIDTHS = (1280, 390)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(
    ("name", "role", "path"),
    [
        ("trip-page", "traveler", "/trips/{trip_id}"),
        ("desk-dashboard", "loaner_staff", "/loaner"),
        ("staff-trip-list", "compliance", "/staff/trips"),
    ],
)
def test_screenshots_at_desktop_and_phone_widths(live_server, browser, name, role, path):
    seeded = seed(live_server)
    email = "grace.seed@example.edu" if role == "traveler" else f"shots.{role}@example.edu"
    FOLDER.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        try:
            tab.goto(f"{live_server}/signin")
            tab.fill("#signin-email", email)
            tab.select_option("#signin-role", role)
            tab.locator("form.stack button").click()
            tab.wait_for_url(lambda address: "/signin" not in address)
            tab.goto(f"{live_server}{path.format(trip_id=seeded.trip_id)}")
            target = FOLDER / f"{name}-{width}.png"
            tab.screenshot(path=str(target), full_page=True)
            shot_width, shot_height = _png_size(target.read_bytes())
            assert shot_width == width
            assert shot_height >= tab.evaluate("document.documentElement.scrollHeight") - 1
        finally:
            context.close()
