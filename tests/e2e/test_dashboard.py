"""The dashboard in a browser: cards with their charts, the province view, accessibility."""

from __future__ import annotations

from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e


def _loaded_images(page: Any) -> list[str]:
    """The chart images that failed to load (none expected)."""
    result: list[str] = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    return result


def test_dashboard_cards_show_their_charts_and_link_to_the_explorer(page: Any) -> None:
    page.goto("/")
    cards = page.locator(".kpi-card")
    assert cards.count() >= 6
    graduaat = page.locator("#kerncijfer-inschrijvingen-graduaat")
    assert graduaat.get_by_role("heading", name="Inschrijvingen graduaat").is_visible()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy charts load
    page.wait_for_load_state("networkidle")
    assert page.locator("img[src$='.svg']").count() >= 6
    assert _loaded_images(page) == []
    link = graduaat.get_by_role("link", name="Alle cijfers: Inschrijvingen graduaat")
    assert "level=graduaat" in link.get_attribute("href")
    assert page.get_by_role("heading", name="Per provincie", exact=True).is_visible()
    screenshot(page, "dashboard")


def test_dashboard_table_alternative_opens_and_has_no_serious_violation(page: Any) -> None:
    page.goto("/")
    card = page.locator("#kerncijfer-inschrijvingen-bachelor")
    card.get_by_text("Cijfers in een tabel").click()
    assert card.locator("table").is_visible()
    assert serious_accessibility_violations(page) == []
