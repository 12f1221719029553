"""The data explorer (`/cijfers`) in a browser: filter, sort, page, permalink, chart, download."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e

START = "/cijfers?dataset=inschrijvingen"


def column_values(page: Any, index: int) -> list[int]:
    cells = page.locator(f".explorer-table tbody tr td:nth-child({index})").all_inner_texts()
    return [int(text.split()[0].replace(".", "")) for text in cells if text.strip()]


def test_filter_sort_and_permalink(page: Any) -> None:
    page.goto(START)
    chart = page.locator(".explorer-chart img")
    chart.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle())
    page.get_by_label("Provincie").select_option("Antwerpen")
    page.get_by_label("Niveau").select_option("bachelor")
    page.get_by_role("button", name="Toon de cijfers").click()
    assert "province=Antwerpen" in page.url
    assert "level=bachelor" in page.url
    institutions = page.locator(".explorer-table tbody td:first-child").all_inner_texts()
    assert institutions == [
        "Artesis Plantijn Hogeschool Antwerpen",
        "Karel de Grote Hogeschool Antwerpen",
        "Thomas More Kempen",
    ]
    page.get_by_role("link", name="2024").click()
    assert re.search(r"sort=2024", page.url)
    assert page.locator('th[aria-sort="ascending"]').inner_text().startswith("2024")
    last = page.locator(".explorer-table thead th").count()
    values = column_values(page, last)
    assert values == sorted(values)
    permalink = page.url
    page.goto("/")
    page.goto(permalink)
    assert page.get_by_label("Provincie").input_value() == "Antwerpen"
    assert column_values(page, last) == values
    screenshot(page, "explorer")


def test_paging_through_the_long_table(page: Any) -> None:
    page.goto(START + "&view=long&page_size=25")
    caption = page.locator(".explorer-table caption").inner_text()
    assert "rij 1 tot 25 van 200" in caption
    page.get_by_role("link", name="Volgende").click()
    assert "page=2" in page.url
    assert "rij 26 tot 50 van 200" in page.locator(".explorer-table caption").inner_text()


def test_the_csv_download_is_the_selection(page: Any, tmp_path: Path) -> None:
    page.goto(START + "&province=Limburg&view=long")
    total = int(page.locator(".explorer-table caption").inner_text().rsplit(" ", 1)[-1])
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == total > 0
    assert {row["province"] for row in rows} == {"Limburg"}


def test_the_explorer_has_no_serious_accessibility_violation(page: Any) -> None:
    page.goto(START + "&group=level,period")
    assert page.locator(".explorer-table").is_visible()
    assert serious_accessibility_violations(page) == []
    page.goto(START)
    assert serious_accessibility_violations(page) == []


def test_no_horizontal_scroll_at_1280_or_375_pixels(page: Any) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(START)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
