"""The shell every page shares, seen in a browser: navigation, footer, accessibility."""

from __future__ import annotations

from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e


def test_every_page_has_the_dutch_navigation_and_a_skip_link(page: Any) -> None:
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in ("Dashboard", "Cijfers", "Prognose", "Controles", "Beweringen", "Over de data"):
        assert nav.get_by_role("link", name=label).is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    screenshot(page, "home")


def test_home_has_no_serious_accessibility_violation(page: Any) -> None:
    page.goto("/")
    assert serious_accessibility_violations(page) == []
