"""The desk's and staff's pages in Chromium: phones, axe on every page and state, menus, keyboard journeys."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import serious_accessibility_violations
from tests.browser.desk_staff_seed import Seeded, seed

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def seeded(live_server) -> Seeded:
    return seed(live_server)


def _context(browser, url: str, role: str | None, viewport: dict, email: str = ""):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    if role:
        tab.goto(f"{url}/signin")
        tab.fill("#signin-email", email or f"{role}.browser@example.edu")
        tab.select_option("#signin-role", role)
        tab.locator("form.stack button").click()
        tab.wait_for_url(lambda address: "/signin" not in address)
    return context, tab


def _pages(s: Seeded) -> dict[str | None, list[str]]:
    """Every page each role reaches, in the states the tests reach: lists, errors, empty lists."""
    return {
        None: ["/", "/signin", "/check"],
        "traveler": [
            "/trips", "/trips/new", f"/trips/{s.trip_id}", f"/trips/{s.trip_id}/history", "/profile",
            "/loaner/requests", f"/loaner/requests/{s.request_id}", f"/trips/{s.screened_trip_id}",
        ],
        "loaner_staff": [
            "/loaner", "/loaner/queue", "/loaner/queue?state=bogus&from=soon", "/loaner/queue?state=declined",
            "/loaner/devices", "/loaner/devices/new", f"/loaner/devices/{s.device_id}/edit",
            f"/loaner/devices/{s.device_id}/retire", f"/loaner/requests/{s.request_id}",
        ],
        "compliance": [
            "/staff/trips", "/staff/trips?country=Narnia&start=x", "/staff/trips?q=olena",
            "/staff/trips?q=nobody-at-all", "/staff/abroad", "/staff/abroad?day=2027-03-16",
            "/staff/abroad?country=Narnia", "/staff/screening", "/staff/data",
            f"/trips/{s.screened_trip_id}/screening",
        ],
    }  # fmt: skip


@pytest.mark.parametrize("role", [None, "traveler", "loaner_staff", "compliance"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_no_page_scrolls_sideways_and_axe_finds_nothing(live_server, browser, seeded, role, viewport):
    context, tab = _context(browser, live_server, role, viewport)
    problems = []
    try:
        for path in _pages(seeded)[role]:
            tab.goto(f"{live_server}{path}")
            wide = tab.evaluate("document.documentElement.scrollWidth")
            if wide > viewport["width"]:
                problems.append(f"{path}: {wide} px wide at {viewport['width']} px")
            problems += [f"{path}: {v}" for v in serious_accessibility_violations(tab)]
    finally:
        context.close()
    assert problems == []


def test_tables_become_stacked_rows_on_a_phone(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "compliance", PHONE)
    try:
        tab.goto(f"{live_server}/staff/trips")
        cell = tab.locator("table.stacked tbody tr").first.locator("td").nth(1)
        assert cell.evaluate("td => getComputedStyle(td).display") == "block"
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Destinations: "'
        assert tab.locator("thead").first.evaluate("h => h.getBoundingClientRect().height") <= 1
    finally:
        context.close()


def test_the_demand_chart_shows_trips_without_a_request_with_readable_labels_on_a_phone(
    live_server, browser, seeded
):
    context, tab = _context(browser, live_server, "loaner_staff", PHONE)
    try:
        tab.goto(f"{live_server}/loaner")
        assert "Waiting for approval (1)" in tab.inner_text("main")  # the seeded request, not yet approved
        summary = tab.inner_text(".demand-summary")
        assert "1 more likely from trips" in summary and "likely short from 2027-01-" in summary
        assert tab.locator("svg.demand-chart rect.likely-short").count() > 0
        sizes = tab.evaluate(
            """() => { const svg = document.querySelector('svg.demand-chart');
                 const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 return [...svg.querySelectorAll('text')]
                   .map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }"""
        )
        assert sizes and min(sizes) >= 12
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The chart scrolls in its own box, which the keyboard can reach.
        assert tab.locator(".chart-scroll").get_attribute("tabindex") == "0"
    finally:
        context.close()


def test_the_staff_menu_fits_on_one_line_at_1280_px(live_server, browser):
    context, tab = _context(
        browser, live_server, "admin", DESKTOP, "an.admin.with.a.long.address@example.edu"
    )
    try:
        tops = tab.evaluate("[...document.querySelectorAll('header.site nav li')].map(li => li.offsetTop)")
        assert len(tops) == 10 and len(set(tops)) == 1
        header = tab.evaluate("document.querySelector('header.site').getBoundingClientRect().height")
        assert header < 70  # one row: brand, menu and account side by side
    finally:
        context.close()


@pytest.mark.parametrize(
    ("role", "home"), [("loaner_staff", "/loaner"), ("compliance", "/staff/trips"), ("traveler", "/trips")]
)
def test_each_role_lands_on_its_home(live_server, browser, role, home):
    context, tab = _context(browser, live_server, role, DESKTOP)
    try:
        assert tab.url == f"{live_server}{home}"
    finally:
        context.close()


def _tab_to(tab, selector: str, presses: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus; check each stop shows its focus."""
    for _ in range(presses):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(
            """(sel) => { const e = document.activeElement; const s = getComputedStyle(e);
                 const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                 return {match: e.matches(sel), outline: outline, what: e.outerHTML.slice(0, 80)}; }""",
            selector,
        )
        assert focused["outline"], f"no visible focus on {focused['what']}"
        if focused["match"]:
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_a_traveler_requests_a_loaner(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "traveler", DESKTOP, "kbd.traveler@example.edu")
    try:
        tab.goto(f"{live_server}/trips/new")
        # The trip is saved through the form; the journey under test starts on the trip page.
        tab.fill("#traveler-name", "Keyboard Traveler")
        tab.fill("#traveler-citizenships", "United States")
        tab.fill("#departure", "2027-03-09")
        tab.fill("#return", "2027-03-20")
        tab.fill("#legs-0-country", "China")
        tab.fill("#legs-0-arrive", "2027-03-10")
        tab.fill("#legs-0-depart", "2027-03-19")
        tab.check("#devices-laptop")
        tab.locator("button[name=save]:not(.default-submit)").click()
        tab.wait_for_url(re.compile(r".*/trips/\d+$"))
        tab.locator("body").focus()
        _tab_to(tab, "a[href$='/loaner']")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(r".*/trips/\d+/loaner$"))
        _tab_to(tab, "#note")
        tab.keyboard.type("Keyboard only, please")
        _tab_to(tab, "main form button[type=submit]")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(r".*/trips/\d+(#loaner)?$"))
        assert "Requested" in tab.inner_text("#loaner .loaner-state")
    finally:
        context.close()


def test_keyboard_only_an_officer_records_a_screening_decision(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "compliance", DESKTOP, "kbd.officer@example.edu")
    try:
        tab.goto(f"{live_server}/trips/{seeded.screened_trip_id}/screening")
        _tab_to(tab, "form.decision input[type=radio]")
        for _ in range(4):  # arrows move through the group and choose
            if tab.evaluate("document.activeElement.labels[0].innerText") == "Cleared":
                break
            tab.keyboard.press("ArrowDown")
        assert (
            tab.evaluate("document.activeElement.checked && document.activeElement.labels[0].innerText")
            == "Cleared"
        )
        _tab_to(tab, "form.decision textarea")
        tab.keyboard.type("Cleared by keyboard: license D123.")
        _tab_to(tab, "form.decision button[type=submit]")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert "Cleared by keyboard: license D123." in tab.inner_text("table")
        assert serious_accessibility_violations(tab) == []
    finally:
        context.close()


def test_keyboard_only_the_desk_retires_a_device_confirms_and_undoes(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "loaner_staff", PHONE, "kbd.desk@example.edu")
    try:
        tab.goto(f"{live_server}/loaner/devices")
        _tab_to(tab, f"a[href='/loaner/devices/{seeded.device_id}/retire']")
        tab.keyboard.press("Enter")
        tab.wait_for_url(f"{live_server}/loaner/devices/{seeded.device_id}/retire")
        assert "Retire SEED-LT-1?" in tab.inner_text("h1")
        _tab_to(tab, "main form button[type=submit]")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(r".*/loaner/devices\?retired=\d+$"))
        assert "SEED-LT-1 is retired." in tab.inner_text("#retired-notice")
        assert serious_accessibility_violations(tab) == []
        _tab_to(tab, "#retired-notice button")
        tab.keyboard.press("Enter")
        tab.wait_for_url(f"{live_server}/loaner/devices")
        row = tab.locator("tr", has_text="SEED-LT-1")
        assert "In service" in row.inner_text()
    finally:
        context.close()


def test_the_desk_sees_the_trip_and_confirms_an_early_pickup(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "loaner_staff", PHONE, "early.desk@example.edu")
    try:
        tab.goto(f"{live_server}/loaner/requests/{seeded.request_id}")
        facts = tab.inner_text(".trip-for-desk")
        assert "Shanghai, China: 2027-01-12 to 2027-01-19" in facts and "Open the trip" not in facts
        tab.select_option("#assign-laptop", label="SEED-LT-1 · X1")
        with tab.expect_navigation():
            tab.click("text=Assign laptop")
        for button in ("Approve", "Mark ready", "Mark picked up"):
            with tab.expect_navigation():
                tab.locator(".lifecycle button", has_text=button).click()
        assert "days early?" in tab.inner_text("#confirm-early-heading")
        assert "Ready for pickup" in tab.inner_text(".loaner-state")
        assert serious_accessibility_violations(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        with tab.expect_navigation():
            tab.click("text=No, keep it Ready for pickup")
        assert "Ready for pickup" in tab.inner_text(".loaner-state")
    finally:
        context.close()


def test_staff_search_and_an_unknown_country_on_a_phone(live_server, browser, seeded):
    context, tab = _context(browser, live_server, "compliance", PHONE, "search.officer@example.edu")
    try:
        tab.fill("#f-q", "KOVALENKO")
        tab.fill("#f-start", "")
        with tab.expect_navigation():
            tab.locator("form.filters button").click()
        assert "(50 on this page)" in tab.inner_text("caption")
        assert "Ukraine (Crimea)" in tab.inner_text("tbody")
        with tab.expect_navigation():
            tab.click("text=Next page")
        assert "(3 on this page)" in tab.inner_text("caption")
        tab.fill("#f-country", "Narnia")
        with tab.expect_navigation():
            tab.locator("form.filters button").click()
        assert "No country has that name" in tab.inner_text("#f-country-error")
        assert tab.input_value("#f-country") == "Narnia"
        assert serious_accessibility_violations(tab) == []
    finally:
        context.close()
