"""A compliance officer clears a screening hit in a real browser; the pages stay accessible."""

import httpx
import pytest

from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.support.web import form_data

pytestmark = pytest.mark.browser


def _trip_naming_harbin(live_server: str) -> int:
    with httpx.Client(base_url=live_server, headers={"Origin": live_server}) as traveler:
        signin = {"email": "hit@example.edu", "role": "traveler", "next": "/trips"}
        assert traveler.post("/signin", data=signin).status_code == 303
        saved = traveler.post("/trips/new", data=form_data(institutions="Harbin Institute of Technology"))
        assert saved.status_code == 303
        return int(saved.headers["location"].rsplit("/", 1)[1])


def test_officer_records_a_decision(live_server, page):
    trip_id = _trip_naming_harbin(live_server)
    sign_in(page, live_server, "officer@example.edu", "compliance", home="/staff/trips")  # the officer's home

    with page.expect_navigation():
        page.click("text=Screening hits")
    assert f"/trips/{trip_id}/screening" in page.content()
    assert serious_accessibility_violations(page) == []

    page.goto(f"{live_server}/trips/{trip_id}/screening")
    assert serious_accessibility_violations(page) == []
    form = page.locator("form.decision").first
    form.locator("button", has_text="Record decision").click()  # no decision, no note
    page.wait_for_load_state()
    assert "Choose false positive" in page.content()
    assert serious_accessibility_violations(page) == []

    form = page.locator("form.decision").first
    form.get_by_label("Cleared").check()
    form.locator("textarea").fill("Collaboration covered by license D123.")
    form.locator("button", has_text="Record decision").click()
    page.wait_for_url(f"{live_server}/trips/{trip_id}/screening")
    assert "Collaboration covered by license D123." in page.inner_text("table")
    assert serious_accessibility_violations(page) == []

    page.goto(f"{live_server}/trips/{trip_id}")
    assert "Cleared by Research Compliance" in page.inner_text("section.screening")
    assert page.locator("#item-restricted-party-match").count() == 0
    assert serious_accessibility_violations(page) == []
