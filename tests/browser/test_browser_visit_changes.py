"""In a real browser: an officer decides on a visitor's hit, the host edits, cancels and restores
the visit and marks an item not applicable; every page on the way is axe-clean."""

import re

import httpx
import pytest

from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.visits.helpers import LISTED, visit_form

pytestmark = pytest.mark.browser


def _visit_at_harbin(live_server: str) -> int:
    with httpx.Client(base_url=live_server, headers={"Origin": live_server}) as host:
        signin = {"email": "ada@example.edu", "role": "traveler", "next": "/visits"}
        assert host.post("/signin", data=signin).status_code == 303
        saved = host.post("/visits/new", data=visit_form(**{"visitor.affiliations[0].institution": LISTED}))
        assert saved.status_code == 303, saved.text
        return int(saved.headers["location"].rsplit("/", 1)[1])


def test_officer_decides_on_a_visitor_s_hit(live_server, page):
    visit_id = _visit_at_harbin(live_server)
    sign_in(page, live_server, "officer@example.edu", "compliance")
    page.goto(f"{live_server}/staff/screening")
    with page.expect_navigation():
        page.click(
            'a[href="/staff/screening/visits"]'
        )  # the server is shared: other tests' visits may be listed
    assert serious_accessibility_violations(page) == []
    with page.expect_navigation():
        page.click(f'a[href="/visits/{visit_id}/screening"]')
    assert page.url == f"{live_server}/visits/{visit_id}/screening"
    assert serious_accessibility_violations(page) == []

    form = page.locator("form.decision").first
    with page.expect_navigation():
        form.locator("button", has_text="Record decision").click()  # no decision, no note
    assert "Choose false positive" in page.content()
    assert serious_accessibility_violations(page) == []
    form = page.locator("form.decision").first
    form.get_by_label("False positive").check()
    form.locator("textarea").fill("A namesake in Weihai, not the listed university.")
    with page.expect_navigation():
        form.locator("button", has_text="Record decision").click()
    assert "A namesake in Weihai" in page.inner_text("table")
    assert serious_accessibility_violations(page) == []


def test_host_edits_cancels_restores_and_marks_an_item(live_server, page):
    visit_id = _visit_at_harbin(live_server)
    sign_in(page, live_server, "ada@example.edu", "traveler")
    page.goto(f"{live_server}/visits/{visit_id}")
    assert "Under review by Research Compliance" in page.inner_text("section.screening")

    with page.expect_navigation():
        page.click("text=Edit the visit")
    assert serious_accessibility_violations(page) == []
    page.fill("#visitor-name", "")  # required: the form comes back with the error at the field
    with page.expect_navigation():
        page.click("text=Save changes")
    assert page.locator("#visitor-name-error").count() == 1
    assert serious_accessibility_violations(page) == []
    page.fill("#visitor-name", "Chen Jing-Wei")
    page.fill("#depart", "2027-02-19")
    with page.expect_navigation():
        page.click("text=Save changes")
    assert page.inner_text("h1").startswith("Visit of Chen Jing-Wei")

    item = page.locator("#item-iic-visitor-advice")
    item.locator("summary", has_text="Not applicable").click()
    with page.expect_navigation():
        item.locator("button", has_text="Mark not applicable").click()  # no reason for a required item
    assert "write why it does not apply" in page.inner_text("#item-iic-visitor-advice")
    assert serious_accessibility_violations(page) == []
    item = page.locator("#item-iic-visitor-advice")
    item.locator("textarea").fill("Research Compliance's IIC advice was given on 2026-10-02.")
    with page.expect_navigation():
        item.locator("button", has_text="Mark not applicable").click()
    assert "Not applicable" in page.locator("#item-iic-visitor-advice .badge.status").inner_text()

    with page.expect_navigation():
        page.click("text=Cancel this visit")
    assert serious_accessibility_violations(page) == []
    with page.expect_navigation():
        page.click("text=Yes, cancel this visit")
    assert "This visit is cancelled" in page.inner_text("#cancelled")
    assert serious_accessibility_violations(page) == []
    with page.expect_navigation():
        page.click("text=Restore this visit")
    assert re.search(r"/visits/\d+$", page.url) and page.locator("#cancelled").count() == 0
