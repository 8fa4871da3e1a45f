"""The loaner desk in a browser: a traveler asks, the desk assigns and hands over, the traveler sees it."""

import re

import pytest

from tests.browser.conftest import OUTPUT, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


def _plan_trip(page, url: str) -> str:
    page.goto(f"{url}/trips/new")
    page.fill("#traveler-name", "Grace Hopper")
    page.fill("#traveler-citizenships", "United States")
    page.fill("#departure", "2027-03-09")
    page.fill("#return", "2027-03-20")
    page.fill("#legs-0-country", "China")
    page.fill("#legs-0-city", "Shanghai")
    page.fill("#legs-0-arrive", "2027-03-10")
    page.fill("#legs-0-depart", "2027-03-19")
    page.check("#devices-laptop")
    page.locator("button[name=save]:not(.default-submit)").click()
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    return page.url


def test_request_assign_pick_up_return_and_the_traveler_sees_it(live_server, browser, page):
    sign_in(page, live_server, "grace.loaner@example.edu", "traveler", home="/trips")
    trip_url = _plan_trip(page, live_server)
    page.locator("#item-loaner-device a", has_text="Request loaner devices").click()
    page.wait_for_url(re.compile(r".*/trips/\d+/loaner$"))
    assert page.input_value("#pickup_date") == "2027-03-05"
    assert page.input_value("#return_date") == "2027-03-24"
    assert page.is_checked("#kind-laptop")
    assert serious_accessibility_violations(page) == []
    page.fill("#note", "A Mac, please")
    page.click("text=Send the request")
    page.wait_for_url(re.compile(r".*/trips/\d+(#loaner)?$"))
    assert "Requested" in page.inner_text("#loaner .loaner-state")
    request_path = page.locator("#loaner a", has_text="Request").first.get_attribute("href")

    desk_context = browser.new_context(viewport={"width": 1100, "height": 900})
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    try:
        sign_in(desk, live_server, "desk.browser@example.edu", "loaner_staff", home="/loaner")
        desk.goto(f"{live_server}/loaner/devices/new")
        desk.fill("#device-asset_tag", "BR-LT-001")
        desk.select_option("#device-kind", "laptop")
        desk.fill("#device-model", "MacBook Air")
        desk.click("text=Add the device")
        desk.wait_for_url(f"{live_server}/loaner/devices")
        assert serious_accessibility_violations(desk) == []

        desk.goto(f"{live_server}{request_path}")
        desk.select_option("#assign-laptop", label="BR-LT-001 · MacBook Air")
        with desk.expect_navigation():
            desk.click("text=Assign laptop")
        assert "BR-LT-001 (laptop, MacBook Air) reserved 2027-03-05 to 2027-03-26" in desk.inner_text(
            "ul.assigned"
        )
        for button in ("Approve", "Mark ready", "Mark picked up"):
            with desk.expect_navigation():
                desk.locator(".lifecycle button", has_text=button).click()
        # The pickup is months away: the desk is asked first, and the question is accessible.
        assert "days early?" in desk.inner_text("#confirm-early-heading")
        assert serious_accessibility_violations(desk) == []
        with desk.expect_navigation():
            desk.click("#confirm-early-button")
        assert "Picked up" in desk.inner_text(".loaner-state")
        assert serious_accessibility_violations(desk) == []

        page.goto(trip_url)
        assert "Picked up" in page.inner_text("#loaner .loaner-state")
        assert "Picked up" in page.inner_text("#item-loaner-device .loaner-state")

        desk.goto(f"{live_server}{request_path}")
        desk.fill("#transition-note", "Sealed bag intact")
        with desk.expect_navigation():
            desk.locator(".lifecycle button", has_text="Mark returned").click()
        assert "Sealed bag intact" in desk.inner_text("table")
        for path in ("/loaner", "/loaner/queue?state=all", "/loaner/devices", "/profile"):
            desk.goto(f"{live_server}{path}")
            assert serious_accessibility_violations(desk) == [], path
        OUTPUT.mkdir(exist_ok=True)
        desk.goto(f"{live_server}/loaner")
        desk.screenshot(path=str(OUTPUT / "loaner-dashboard.png"), full_page=True)
    finally:
        desk_context.close()

    page.goto(trip_url)
    assert "Returned" in page.inner_text("#loaner .loaner-state")
    assert serious_accessibility_violations(page) == []
