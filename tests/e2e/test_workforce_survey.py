"""The pulse survey in a browser: an organisation opens a survey and downloads its links, ten
people answer anonymously and the results appear beside the sector; with nine they do not."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import bootstrap, initialise
from krapte.settings import Settings

pytestmark = pytest.mark.e2e

EMAIL = "hr@debrug.be"
ORGANISATION = "Vzw De Brug"


@pytest.fixture(scope="module")
def survey_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store with the bundled data (the werkbaarheid figures) and an organisation user."""
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("bevraging")))
    initialise(container)
    make_user(container, EMAIL, Role.ORGANISATION, organisations=[ORGANISATION])
    with served(container) as url:
        yield url
    container.store.dispose()


def _context(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(
        base_url=url, locale="nl-BE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


@pytest.fixture
def organisation(browser: Any, survey_site: str) -> Iterator[Any]:
    context, page, errors = _context(browser, survey_site)
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/account")
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def respondent(browser: Any, survey_site: str) -> Iterator[Any]:
    """A browser without an account (another person than the organisation's user)."""
    context, page, errors = _context(browser, survey_site)
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


def _open_survey_with_links(page: Any, title: str, count: int, folder: Path) -> list[str]:
    page.goto("/werkkracht/bevraging")
    page.get_by_label("Titel (niet verplicht)").fill(title)
    page.get_by_role("button", name="Bevraging openen").click()
    assert "De bevraging is geopend" in page.get_by_role("status").inner_text()
    page.get_by_label("Aantal nieuwe links").fill(str(count))
    with page.expect_download() as download:
        page.get_by_role("button", name="Links downloaden").click()
    target = folder / f"{title}.csv"
    download.value.save_as(target)
    with target.open(encoding="utf-8-sig") as handle:
        return [row["link"] for row in csv.DictReader(handle)]


def _answer(page: Any, link: str, stressed: bool) -> None:
    page.goto(link)
    questions = page.locator("fieldset")
    assert questions.count() == 7
    for number in range(7):
        choice = "altijd" if stressed and number == 0 else "soms"
        questions.nth(number).get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.wait_for_url("**/bevraging/bedankt")


def _close_and_open_results(page: Any) -> None:
    page.get_by_role("button", name="Bevraging afsluiten").click()
    assert "De bevraging is afgesloten" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Bekijk de resultaten").click()


def test_ten_anonymous_answers_show_results_beside_the_sector(
    organisation: Any, respondent: Any, tmp_path: Path
) -> None:
    links = _open_survey_with_links(organisation, "tien", 10, tmp_path)
    survey_page = organisation.url
    assert len(links) == 10
    respondent.goto(links[0])
    assert "Vzw De Brug" in respondent.locator(".purpose").inner_text()
    assert serious_accessibility_violations(respondent) == []
    screenshot(respondent, "werkkracht-bevraging-formulier")
    for number, link in enumerate(links):
        _answer(respondent, link, stressed=number < 4)
    organisation.goto(survey_page)
    assert organisation.locator("#antwoorden").inner_text() == "10"
    _close_and_open_results(organisation)
    table = organisation.locator("#resultaten")
    assert "40,0%" in table.inner_text()  # 4 of 10 feel stressed often or always
    assert "39,9%" in table.inner_text()  # care and welfare, 2023 (the report's 2.5)
    chart = organisation.locator("figure img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert serious_accessibility_violations(organisation) == []
    screenshot(organisation, "werkkracht-bevraging-resultaten")


def test_nine_answers_show_no_results(organisation: Any, respondent: Any, tmp_path: Path) -> None:
    links = _open_survey_with_links(organisation, "negen", 10, tmp_path)
    for link in links[:9]:
        _answer(respondent, link, stressed=True)
    organisation.reload()
    _close_and_open_results(organisation)
    message = organisation.locator("#geen-resultaten").inner_text()
    assert "nog te weinig antwoorden" in message
    assert organisation.locator("#resultaten").count() == 0
    assert organisation.locator("figure img").count() == 0
    assert serious_accessibility_violations(organisation) == []
    screenshot(organisation, "werkkracht-bevraging-te-weinig")
