"""Steps the traveller's browser tests share: sign in, fill a stop, save, check focus and axe."""

from __future__ import annotations

import contextlib

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import serious_accessibility_violations, sign_in  # noqa: F401 - the tests' sign-in step

SAVE = "button[name=save]:not(.default-submit)"


def fill_stop(page, index: int, country: str, city: str, arrive: str, depart: str) -> None:
    page.fill(f"#legs-{index}-country", country)
    page.fill(f"#legs-{index}-city", city)
    page.fill(f"#legs-{index}-arrive", arrive)
    page.fill(f"#legs-{index}-depart", depart)


def fill_trip(page, country: str = "China", city: str = "Shanghai") -> None:
    page.fill("#traveler-name", "Ada Lovelace")
    page.fill("#traveler-citizenships", "United States")
    page.fill("#departure", "2027-03-09")
    page.fill("#return", "2027-03-20")
    fill_stop(page, 0, country, city, "2027-03-10", "2027-03-19")


def save(page) -> None:
    with page.expect_navigation():
        page.locator(SAVE).click()


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def assert_focus_on(page, element_id: str) -> None:
    """The focus lands on element_id once the page the last click loaded has settled.

    A click that submits the form navigates; reading the focus at once may read the old page or
    no document at all, so wait (up to 10 s) for the focus to arrive, then report where it is.
    """
    # A timeout is not the failure to report: the assertion below says where the focus went.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.id === id",
            arg=element_id,
            timeout=10_000,
        )
    assert active_id(page) == element_id


def focus_is_visible(page) -> bool:
    """The focused element draws an outline (our :focus-visible rule, or the browser's ring)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return false;
          const s = getComputedStyle(el);
          return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        }"""
    )


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def assert_accessible(page, where: str = "") -> None:
    assert serious_accessibility_violations(page) == [], where or page.url
