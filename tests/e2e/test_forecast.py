"""The forecast page in a browser: two scenarios chosen in the form, compared in charts."""

from __future__ import annotations

from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e

CHOSEN = ("onboarding_retentie", "graduaat_knelpuntopleiding")


def test_forecast_page_compares_two_scenarios_chosen_in_the_form(page: Any) -> None:
    page.goto("/prognose")
    form = page.locator("form.scenario-form")
    for box in form.locator("input[type=checkbox]:not([disabled])").all():
        box.uncheck()
    for name in CHOSEN:
        form.locator(f"#scenario-{name}").check()
    form.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")

    assert "scenario=onboarding_retentie" in page.url
    rows = page.locator("table.comparison tbody tr")
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.scenario)") == [
        "basis",
        "graduaat_knelpuntopleiding",
        "onboarding_retentie",
    ]
    assert page.get_by_role("note").is_visible()
    images = page.locator("figure img")
    assert images.count() == 2
    for index in range(2):
        image = images.nth(index)
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert image.get_attribute("alt")
    assert page.locator("figure figcaption").first.inner_text().startswith("Bron:")
    screenshot(page, "prognose")
    assert serious_accessibility_violations(page) == []


def test_scenario_and_parameter_pages_are_reachable_and_accessible(page: Any) -> None:
    page.goto("/prognose?scenario=onboarding_retentie")
    page.locator("table.comparison").get_by_role(
        "link", name="Betere onboarding en retentie"
    ).click()
    assert page.locator("h1").inner_text() == "Betere onboarding en retentie"
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Alle parameters van dit scenario").click()
    assert page.locator("h1").inner_text() == "Parameters van de prognose"
    assert page.locator("table.parameters tbody tr").count() > 20
    assert serious_accessibility_violations(page) == []
