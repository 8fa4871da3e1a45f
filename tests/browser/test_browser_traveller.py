"""Issue 16, the traveller: devices unknown, Level 4, the trip's name and stops, the quick check."""

from __future__ import annotations

import re

import pytest

from tests.browser.traveller_steps import (
    assert_accessible,
    assert_focus_on,
    fill_stop,
    fill_trip,
    save,
    sign_in,
)

pytestmark = pytest.mark.browser


def test_a_blank_what_you_are_taking_is_asked_for_and_nothing_electronic_is_an_answer(live_server, page):
    sign_in(page, live_server, "devices.blank@example.edu")
    page.goto(f"{live_server}/trips/new")
    fill_trip(page)
    save(page)
    # The error summary takes the focus and names the question; the question points at its error.
    assert_focus_on(page, "error-summary")
    assert "What you are taking" in page.inner_text("#error-summary")
    described = page.get_attribute("#carrying-devices", "aria-describedby")
    assert "carrying-devices-error" in described
    assert page.input_value("#legs-0-city") == "Shanghai"
    assert_accessible(page, "trip form with the devices error")
    page.click("#error-summary a[href='#carrying-devices']")
    assert_focus_on(page, "carrying-devices")

    page.check("#devices-none")
    save(page)
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert page.locator("#item-loaner-device").count() == 0
    assert page.locator(".badge.needs-answer").count() == 0
    assert_accessible(page, "trip page, nothing electronic")


def test_the_quick_check_keeps_device_items_pending_until_answered(live_server, page):
    page.goto(f"{live_server}/check")
    fill_trip(page, "Russia", "Moscow")
    save(page)
    page.wait_for_selector("#result-heading")
    assert page.is_visible("#devices-unknown")
    pending = page.locator("li.item.is-pending-answer")
    assert pending.count() >= 3
    assert page.locator("#item-loaner-device .badge.needs-answer").inner_text() == "Needs your answer"
    assert_accessible(page, "quick check with pending device items")


def test_level_4_is_its_own_alert_with_the_state_department_link(live_server, page):
    page.goto(f"{live_server}/check")
    fill_trip(page, "Belarus", "Minsk")
    page.check("#devices-laptop")
    page.click("text=Add another stop")
    fill_stop(page, 1, "China", "Beijing", "2027-03-19", "2027-03-19")
    page.fill("#legs-0-depart", "2027-03-18")
    page.fill("#legs-1-arrive", "2027-03-18")
    save(page)
    page.wait_for_selector("#result-heading")
    alert = page.locator(".alert.do-not-travel")
    assert alert.count() == 1
    assert "Do Not Travel: Belarus" in alert.inner_text()
    link = alert.locator("a")
    assert link.get_attribute("href").startswith("https://travel.state.gov/")
    assert "State Department" in link.inner_text()
    # Level 2 stays a pill, and reads differently from Level 4.
    china = page.locator("ul.destinations li", has_text="China")
    assert "Level 2: Exercise Increased Caution" in china.inner_text()
    border = alert.evaluate("el => getComputedStyle(el).borderTopWidth")
    assert float(border.removesuffix("px")) >= 3
    # No visa data is loaded: each place says the requirement is unknown, linking to the item.
    assert page.locator("ul.destinations a.badge.unknown[href='#item-visa']").count() == 2
    assert_accessible(page, "quick check with a Level 4 alert")


def test_the_trip_has_a_name_and_its_stops_and_my_trips_tells_trips_apart(live_server, page):
    sign_in(page, live_server, "names@example.edu")
    for name, city in (("Shanghai keynote", "Shanghai"), ("", "Beijing")):
        page.goto(f"{live_server}/trips/new")
        page.fill("#trip_name", name)
        fill_trip(page, "China", city)
        page.check("#devices-phone")
        save(page)
        page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert page.inner_text("h1") == "Trip to Beijing"
    stops = page.locator("ol.stops li")
    assert stops.count() == 1 and "Beijing, China" in stops.inner_text()
    assert "2027-03-10 to 2027-03-19" in stops.inner_text()
    page.goto(f"{live_server}/trips")
    rows = page.locator("li.trip-row")
    assert rows.count() == 2
    assert {rows.nth(0).locator("a").inner_text(), rows.nth(1).locator("a").inner_text()} == {
        "Shanghai keynote",
        "Trip to Beijing",
    }
    assert_accessible(page, "my trips")


def test_the_quick_check_lands_on_its_answer_and_carries_it_through_sign_in(live_server, page):
    page.goto(f"{live_server}/check")
    fill_trip(page, "Japan", "Kyoto")
    page.check("#devices-tablet")
    page.click("text=Add another stop")
    # The new stop has the focus, and so is in view: the traveller keeps their place.
    assert_focus_on(page, "legs-1-country")
    top = page.evaluate("document.getElementById('legs-1-country').getBoundingClientRect().top")
    assert 0 <= top <= page.viewport_size["height"]
    page.click("text=Remove stop 2")
    assert_focus_on(page, "legs-0-country")
    save(page)
    assert_focus_on(page, "result-heading")
    top = page.evaluate("document.getElementById('results').getBoundingClientRect().top")
    assert 0 <= top < 300  # the answer is in view
    assert_accessible(page, "quick check results")

    page.click("text=Sign in to save this trip")
    page.fill("#signin-email", "carried@example.edu")
    page.locator("form.stack button").click()
    page.wait_for_url(re.compile(r".*/trips/new\?draft=.+"))
    assert page.input_value("#legs-0-city") == "Kyoto"
    assert page.input_value("#legs-0-country") == "Japan"
    assert page.is_checked("#devices-tablet")
    assert page.input_value("#traveler-email") == "carried@example.edu"
    assert_accessible(page, "new-trip form from the quick check")
    save(page)
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert page.inner_text("h1") == "Trip to Kyoto"


def test_a_long_checklist_of_five_stops_is_accessible(live_server, page):
    page.goto(f"{live_server}/check")
    fill_trip(page, "Russia", "Moscow")
    stops = [("Belarus", "Minsk"), ("China", "Beijing"), ("Iran", "Tehran"), ("Cuba", "Havana")]
    days = ["2027-03-10", "2027-03-11", "2027-03-13", "2027-03-15", "2027-03-17", "2027-03-19"]
    page.fill("#legs-0-depart", days[1])
    for index, (country, city) in enumerate(stops, start=1):
        page.click("text=Add another stop")
        fill_stop(page, index, country, city, days[index], days[index + 1])
    page.check("#devices-laptop")
    save(page)
    page.wait_for_selector("#result-heading")
    assert page.locator(".alert.do-not-travel").count() >= 2
    assert page.locator("li.item").count() >= 20
    assert_accessible(page, "a long checklist")
