"""A traveler plans a two-leg trip in a real browser, ticks an item, edits, and keeps the tick."""

import re

import pytest

from tests.browser.conftest import OUTPUT, serious_accessibility_violations, sign_in
from tests.browser.traveller_steps import fill_stop

pytestmark = pytest.mark.browser


def test_plan_tick_edit_and_keep_the_status(live_server, page):
    sign_in(page, live_server, "ada@example.edu", "traveler", home="/trips")

    page.goto(f"{live_server}/trips/new")
    assert serious_accessibility_violations(page) == []
    page.fill("#traveler-name", "Ada Lovelace")
    page.fill("#traveler-citizenships", "United States")
    page.fill("#departure", "2027-03-09")
    page.fill("#return", "2027-03-20")
    fill_stop(page, 0, "China", "Shanghai", "2027-03-10", "2027-03-15")
    page.check("#devices-laptop")
    page.check("#activities-presenting")
    page.click("text=Add another stop")
    fill_stop(page, 1, "Atlantis", "Tokyo", "2027-03-15", "2027-03-19")
    page.locator("button[name=save]:not(.default-submit)").click()

    # The error sits next to the field, and everything typed is still there.
    error = page.locator("#legs-1-country-error")
    assert "Pick a country from the list" in error.inner_text()
    assert page.input_value("#legs-1-city") == "Tokyo"
    assert page.input_value("#legs-0-city") == "Shanghai"
    assert page.is_checked("#devices-laptop")
    assert serious_accessibility_violations(page) == []

    page.fill("#legs-1-country", "Japan")
    page.locator("button[name=save]:not(.default-submit)").click()
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert "Trip to Shanghai, Tokyo" in page.inner_text("h1")
    assert serious_accessibility_violations(page) == []

    first_item = page.locator("li.item").first
    item_id = first_item.get_attribute("id")
    with page.expect_navigation():
        first_item.locator("button", has_text="Mark done").click()
    assert "Done" in page.locator(f"#{item_id} .badge.status").inner_text()
    assert page.inner_text(".progress label").startswith("1 of")

    page.click("text=Edit itinerary")
    page.fill("#legs-1-city", "Osaka")
    page.locator("button[name=save]:not(.default-submit)").click()
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert "Done" in page.locator(f"#{item_id} .badge.status").inner_text()
    assert page.inner_text(".progress label").startswith("1 of")

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "trip-page.png"), full_page=True)
    assert (OUTPUT / "trip-page.png").stat().st_size > 10_000


def test_quick_check_in_the_browser(live_server, page):
    page.goto(f"{live_server}/check")
    page.fill("#traveler-name", "Grace Hopper")
    page.fill("#traveler-email", "grace@example.edu")
    page.fill("#traveler-citizenships", "US")
    page.fill("#departure", "2027-05-01")
    page.fill("#return", "2027-05-10")
    fill_stop(page, 0, "Russia", "Moscow", "2027-05-02", "2027-05-09")
    page.locator("#legs-0-city").press("Enter")  # Enter saves; it must not remove a leg
    page.wait_for_selector("#result-heading")
    assert "Your checklist" in page.inner_text("#result-heading")
    assert serious_accessibility_violations(page) == []


def test_staff_and_list_pages_are_accessible(live_server, page):
    sign_in(page, live_server, "officer@example.edu", "compliance", home="/staff/trips")  # the officer's home
    for path in ("/trips", "/staff/trips", "/staff/abroad?day=2027-03-12", "/signin", "/"):
        page.goto(f"{live_server}{path}")
        assert serious_accessibility_violations(page) == [], path
