"""Issue 16, the traveller: cancel and undo, plain messages, long text, Not applicable, print and PDF."""

from __future__ import annotations

import re

import pytest

from tests.browser.traveller_steps import (
    assert_accessible,
    assert_focus_on,
    fill_trip,
    no_sideways_scroll,
    save,
    sign_in,
)

pytestmark = pytest.mark.browser


def _plan(page, url: str, **fields: str) -> str:
    page.goto(f"{url}/trips/new")
    fill_trip(page, fields.get("country", "China"), fields.get("city", "Shanghai"))
    if "name" in fields:
        page.fill("#trip_name", fields["name"])
    if "institutions" in fields:
        page.fill("#institutions", fields["institutions"])
    page.check("#devices-laptop")
    save(page)
    page.wait_for_url(re.compile(r".*/trips/\d+$"))
    return page.url


def test_cancel_asks_first_says_what_happens_and_can_be_undone(live_server, page):
    sign_in(page, live_server, "cancel@example.edu")
    trip_url = _plan(page, live_server)
    page.locator("#item-loaner-device a", has_text="Request loaner devices").click()
    page.check("#kind-laptop")
    with page.expect_navigation():  # the request is saved before the next page is asked for
        page.click("text=Send the request")
    page.goto(trip_url)
    page.click("text=Cancel this trip")
    page.wait_for_url(re.compile(r".*/trips/\d+/cancel$"))
    text = page.inner_text("main")
    assert 'marked "Cancelled"' in text and "Restore this trip" in text
    assert "not cancelled with the trip" in text and "Request " in text
    assert_accessible(page, "cancel confirmation")
    with page.expect_navigation():
        page.click("text=No, keep the trip")
    assert page.locator("#cancelled").count() == 0

    page.click("text=Cancel this trip")
    page.click("text=Yes, cancel this trip")
    page.wait_for_selector("#cancelled")
    assert "This trip is cancelled" in page.inner_text("#cancelled")
    assert_accessible(page, "cancelled trip")
    with page.expect_navigation():
        page.click("text=Restore this trip")
    assert page.locator("#cancelled").count() == 0
    assert page.is_visible("text=Edit itinerary")


def test_a_bad_address_is_a_plain_404_and_long_text_never_widens_the_page(live_server, page):
    sign_in(page, live_server, "messages@example.edu")
    page.goto(f"{live_server}/trips/abc")
    assert page.inner_text("h1") == "Not found"
    assert "There is no such page" in page.inner_text("main")
    assert_accessible(page, "404 page")

    unbroken = "W" * 190
    _plan(page, live_server, name=unbroken, city="X" * 180, institutions="Y" * 199)
    assert no_sideways_scroll(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert no_sideways_scroll(page), "the trip page at 390 px"
    page.goto(f"{live_server}/trips/new")
    fill_trip(page)
    page.fill("#institutions", "Z" * 250)  # too long: an error beside it, the text kept
    page.check("#devices-none")
    save(page)
    assert "Use at most 200 characters." in page.inner_text("#error-summary")
    assert_focus_on(page, "error-summary")
    assert no_sideways_scroll(page), "the form with errors at 390 px"
    assert_accessible(page, "form error with long text")


def test_not_applicable_opens_its_reason_box_and_a_required_item_needs_a_reason(live_server, page):
    sign_in(page, live_server, "na@example.edu")
    trip_url = _plan(page, live_server)
    item = page.locator("#item-loaner-device")
    box = item.locator("textarea")
    assert not box.is_visible()  # no empty box on every item
    item.locator("summary", has_text="Not applicable").click()
    assert box.is_visible()
    with page.expect_navigation():
        item.locator("button", has_text="Mark not applicable").click()
    # Back on the item: the box open, the message tied to it, the focus in it.
    assert_focus_on(page, "note-loaner-device")
    assert page.get_attribute("#note-loaner-device", "aria-describedby") == "note-loaner-device-error"
    assert "This item is required" in page.inner_text("#note-loaner-device-error")
    assert_accessible(page, "not applicable without a reason")
    page.fill("#note-loaner-device", "The host lends a clean laptop")
    with page.expect_navigation():
        page.locator("#item-loaner-device button", has_text="Mark not applicable").click()
    assert "Your note: The host lends a clean laptop" in page.inner_text("#item-loaner-device")

    page.goto(trip_url + "/history")
    assert "To do → Not applicable" in page.inner_text("main")
    assert_accessible(page, "history")


def test_print_shows_the_checklist_with_reasons_and_no_controls_and_the_pdf_downloads(live_server, page):
    sign_in(page, live_server, "print@example.edu")
    trip_url = _plan(page, live_server, name="Print me")
    page.emulate_media(media="print")
    assert not page.is_visible("header.site") and not page.is_visible("nav.order")
    assert not page.is_visible("text=Mark done >> nth=0")
    assert not page.is_visible("text=Edit itinerary")
    reasons = page.locator("#item-loaner-device .why-printed")
    assert reasons.is_visible() and "elevated-risk" in reasons.inner_text()
    assert page.is_visible("#item-loaner-device .badge.due")
    page.emulate_media(media="screen")
    assert not reasons.is_visible()

    answer = page.request.get(trip_url + "/checklist.pdf")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")
