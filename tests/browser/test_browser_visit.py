"""A host registers a visitor in a real browser, fixes an error, and reads the checklist: axe-clean."""

import re

import pytest

from tests.browser.conftest import OUTPUT, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


def test_host_registers_a_visitor_and_reads_the_checklist(live_server, page):
    sign_in(page, live_server, "ada@example.edu", "traveler", home="/trips")

    page.goto(f"{live_server}/visits/new")
    assert serious_accessibility_violations(page) == []
    page.fill("#host-name", "Ada Lovelace")
    page.fill("#visitor-name", "Zhang Wei")
    page.fill("#visitor-citizenships", "China")
    page.fill("#visitor-affiliations-0-institution", "Tsinghua University")
    page.fill("#visitor-affiliations-0-country", "China")
    page.fill("#visitor-affiliations-1-institution", "Northwestern Polytechnical University")
    page.fill("#visitor-affiliations-1-country", "Atlantis")
    page.fill("#arrive", "2027-09-01")
    page.fill("#depart", "2028-06-30")
    page.check("#purpose-visiting_appointment")
    page.check("#appointment")
    page.select_option("#visa", "J-1")
    page.check("#access-labs")
    page.click("text=Save visit")

    # The error sits next to the field, and everything typed is still there.
    assert "unknown country code" in page.locator("#visitor-affiliations-1-country-error").inner_text()
    assert page.input_value("#visitor-affiliations-1-institution") == "Northwestern Polytechnical University"
    assert page.is_checked("#appointment") and page.is_checked("#access-labs")
    assert page.input_value("#visa") == "J-1"
    assert serious_accessibility_violations(page) == []

    page.fill("#visitor-affiliations-1-country", "China")
    page.click("text=Save visit")
    page.wait_for_url(re.compile(r".*/visits/\d+$"))
    assert "Visit of Zhang Wei" in page.inner_text("h1")
    match = page.locator("#item-visitor-restricted-party-match")
    assert "Do not invite or appoint" in match.inner_text()
    match.locator("summary", has_text="Why am I seeing this?").click()
    assert "Northwestern Polytechnical University" in match.locator("details").first.inner_text()
    assert page.locator("#item-visitor-appointment-review").count() == 1
    assert page.locator("#item-iic-visitor-advice").count() == 0
    assert serious_accessibility_violations(page) == []

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "visit-page.png"), full_page=True)
    assert (OUTPUT / "visit-page.png").stat().st_size > 10_000


def test_compliance_lists_visits_and_who_is_on_campus(live_server, page):
    sign_in(page, live_server, "officer@example.edu", "compliance")

    page.goto(f"{live_server}/visits/new")
    page.fill("#host-name", "Olivia Officer")
    page.fill("#visitor-name", "Claire Martin")
    page.fill("#visitor-citizenships", "France")
    page.fill("#visitor-affiliations-0-institution", "CNRS")
    page.fill("#visitor-affiliations-0-country", "France")
    page.fill("#arrive", "2027-05-03")
    page.fill("#depart", "2027-05-28")
    page.check("#purpose-lab_work")
    page.check("#access-export_controlled")
    page.click("text=Save visit")
    page.wait_for_url(re.compile(r".*/visits/\d+$"))
    assert page.locator("#item-deemed-export-review").count() == 1

    page.goto(f"{live_server}/staff/visits?country=France")
    assert "Claire Martin" in page.inner_text("table")
    assert serious_accessibility_violations(page) == []
    page.goto(f"{live_server}/staff/on-campus?day=2027-05-10")
    assert "Claire Martin" in page.inner_text("table")
    assert serious_accessibility_violations(page) == []
