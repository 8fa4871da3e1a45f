"""Keyboard only: sign in, plan a trip (answering every question that matters), tick an item.

Every stop of the focus on the way must be visible: the test checks the outline each time.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.traveller_steps import active_id, assert_accessible, focus_is_visible

pytestmark = pytest.mark.browser


def tab_to(page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element has the focus; each element on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), f"focus not visible on #{active_id(page)}"
        if active_id(page) == element_id:
            return
    raise AssertionError(f"#{element_id} was not reached with Tab")


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


def test_plan_a_trip_and_tick_an_item_with_the_keyboard_alone(live_server, page):
    page.goto(f"{live_server}/signin")
    type_into(page, "signin-email", "keys@example.edu")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/trips")

    for _ in range(40):  # the "Plan a new trip" link, reached by Tab like any other
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/trips/new":
            assert focus_is_visible(page)
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/trips/new")

    type_into(page, "trip_name", "Keyboard conference")
    type_into(page, "traveler-name", "Kay Board")
    type_into(page, "traveler-citizenships", "United States")
    type_into(page, "departure", "03092027")
    type_into(page, "return", "03202027")
    type_into(page, "legs-0-country", "China")
    type_into(page, "legs-0-city", "Shanghai")
    type_into(page, "legs-0-arrive", "03102027")
    type_into(page, "legs-0-depart", "03192027")
    tab_to(page, "purposes-conference")
    page.keyboard.press("Space")
    tab_to(page, "devices-laptop")
    page.keyboard.press("Space")
    tab_to(page, "devices-phone")
    page.keyboard.press("Space")
    tab_to(page, "save-itinerary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.locator("#error-summary").count():
        raise AssertionError(page.inner_text("#error-summary"))
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    assert page.inner_text("h1") == "Keyboard conference"
    assert page.is_visible("#item-loaner-device")
    assert_accessible(page, "the trip, planned by keyboard")

    for _ in range(150):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent || ''")
        if label.startswith("Mark done"):
            assert focus_is_visible(page)
            break
    else:
        raise AssertionError("no Mark done button reached with Tab")
    item_id = page.evaluate("document.activeElement.closest('li.item').id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Done" in page.locator(f"#{item_id} .badge.status").inner_text()
    assert page.inner_text(".progress label").startswith("1 of")
    assert_accessible(page, "the trip after ticking an item")
