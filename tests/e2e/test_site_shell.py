"""The shell every page shares, seen in a browser: navigation, footer, accessibility, widths."""

from __future__ import annotations

from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_every_page_has_the_dutch_navigation_and_a_skip_link(page: Any) -> None:
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in ("Dashboard", "Cijfers", "Prognose", "Controles", "Beweringen", "Over de data"):
        assert nav.get_by_role("link", name=label).is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    screenshot(page, "home")


def test_home_has_no_serious_accessibility_violation(page: Any) -> None:
    page.goto("/")
    assert serious_accessibility_violations(page) == []


def test_the_footer_links_to_the_data_the_api_and_the_source(page: Any) -> None:
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    assert "laatst bijgewerkt op" in footer.inner_text()
    links = footer.get_by_role("navigation", name="Over deze site")
    for label in ("Over de data", "API", "OpenAPI-document", "Het bronrapport"):
        assert links.get_by_role("link", name=label, exact=True).is_visible()


def test_the_api_page_is_accessible_and_needs_no_script(page: Any) -> None:
    page.goto("/api")
    assert page.get_by_role("heading", level=1, name="API").is_visible()
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert serious_accessibility_violations(page) == []
    screenshot(page, "api")


def test_the_shell_fits_a_phone_of_375_pixels(page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/api")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert page.get_by_role("link", name="Cijfers").is_visible()
    screenshot(page, "api-375")
