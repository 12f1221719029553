"""Controles, Beweringen and Over de data in a browser: filters, accessibility, screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e


def test_checks_filter_by_severity_keeps_the_filter_in_the_url(page: Any) -> None:
    page.goto("/controles")
    assert page.get_by_role("heading", name="Bevindingen per dataset").is_visible()
    screenshot(page, "controles")
    page.get_by_label("Ernst").select_option("error")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**/controles?*severity=error*")
    severities = page.locator("table.findings tbody td:first-child").all_inner_texts()
    assert severities
    assert set(severities) == {"fout"}
    assert serious_accessibility_violations(page) == []


def test_claims_filter_by_verdict(page: Any) -> None:
    page.goto("/beweringen")
    screenshot(page, "beweringen")
    total = page.locator("table.claims tbody tr").count()
    page.get_by_label("Oordeel").select_option("tegengesproken")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**/beweringen?verdict=tegengesproken")
    verdicts = page.locator("table.claims .verdict").all_inner_texts()
    assert verdicts
    assert set(verdicts) == {"tegengesproken"}
    assert len(verdicts) < total
    assert serious_accessibility_violations(page) == []


def test_about_page_lists_the_datasets(page: Any) -> None:
    page.goto("/over")
    assert page.get_by_role(
        "link", name="Inschrijvingen in de opleidingen sociaal werk"
    ).is_visible()
    page.get_by_text("Instellingen (").click()
    assert page.get_by_role("cell", name="Oost-Vlaanderen").first.is_visible()
    screenshot(page, "over")
    assert serious_accessibility_violations(page) == []
