"""Keyboard only: a host registers a visitor, fixes an error at its field, and marks an item done.

Every stop of the focus on the way must be visible, and each page is axe-clean.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_browser_keyboard_traveller import tab_to, type_into
from tests.browser.traveller_steps import active_id, assert_accessible, focus_is_visible

pytestmark = pytest.mark.browser


def tab_to_text(page, starts: str, limit: int = 200) -> None:
    """Press Tab until the focused element's text starts with `starts`; its focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), f"focus not visible on #{active_id(page)}"
        if page.evaluate("(document.activeElement.textContent || '').trim()").startswith(starts):
            return
    raise AssertionError(f"nothing starting with {starts!r} was reached with Tab")


def test_register_a_visitor_and_mark_an_item_done_with_the_keyboard_alone(live_server, page):
    page.goto(f"{live_server}/signin")
    type_into(page, "signin-email", "host@example.edu")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/trips")

    tab_to_text(page, "Visitors")  # the navigation link, reached by Tab like any other
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to_text(page, "Host a new visitor")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/visits/new"
    assert_accessible(page, "the empty visit form")

    type_into(page, "host-name", "Hal Host")
    type_into(page, "visitor-name", "Zhang Wei")
    type_into(page, "visitor-citizenships", "China")
    type_into(page, "visitor-affiliations-0-institution", "Tsinghua University")
    type_into(page, "visitor-affiliations-0-country", "Atlantis")  # wrong on purpose
    type_into(page, "arrive", "03092027")
    type_into(page, "depart", "03122027")
    tab_to(page, "purpose-talk")
    page.keyboard.press("Space")
    tab_to(page, "visa")
    page.keyboard.press("ArrowDown")  # B (visitor)
    tab_to(page, "access-labs")
    page.keyboard.press("Space")
    tab_to_text(page, "Save visit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error is next to the field, the summary links to it, and what was typed is kept.
    assert "unknown country code" in page.inner_text("#visitor-affiliations-0-country-error")
    assert page.input_value("#visitor-name") == "Zhang Wei" and page.is_checked("#access-labs")
    assert page.input_value("#visa") == "B"
    assert_accessible(page, "the visit form with an error")
    tab_to(page, "visitor-affiliations-0-country")
    page.keyboard.press("Control+A")
    page.keyboard.type("China")
    tab_to_text(page, "Save visit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/visits/\d+$"))
    assert "Visit of Zhang Wei" in page.inner_text("h1")
    assert page.is_visible("#item-visitor-access")
    assert_accessible(page, "the host's checklist")

    tab_to_text(page, "Mark done")
    item_id = page.evaluate("document.activeElement.closest('li.item').id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Done" in page.locator(f"#{item_id} .badge.status").inner_text()
    assert_accessible(page, "the host's checklist after marking an item done")
