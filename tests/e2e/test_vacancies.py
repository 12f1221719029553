"""Vacancies in a browser: an organisation publishes a vacancy, a visitor finds it (with valid
JobPosting JSON-LD), applies, and the organisation answers (own server: its own store)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.vacancies.core.jsonld import REQUIRED
from vacancies.builders import ORGANISATION, store_classification

pytestmark = pytest.mark.e2e

EMAIL = "vacatures@debrug.be"
TITLE = "Maatschappelijk werker jeugdhulp (m/v/x)"


@pytest.fixture(scope="module")
def vacancy_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("vacatures")))
    container.store.initialise()
    store_classification(container)
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


def test_publish_find_apply_and_answer(browser: Any, vacancy_site: str) -> None:
    org_context, org, org_errors = _context(browser, vacancy_site)
    org.goto("/aanmelden")
    org.get_by_label("E-mailadres").fill(EMAIL)
    org.get_by_label("Wachtwoord").fill(PASSWORD)
    org.get_by_role("button", name="Aanmelden").click()
    org.goto("/account/vacatures")
    org.get_by_role("link", name="Nieuwe vacature").click()
    org.get_by_label("Titel").fill(TITLE)
    org.get_by_label("Functie, optie en niveau").select_option(
        "maatschappelijk werker|maatschappelijk werk|bachelor"
    )
    org.get_by_label("maatschappelijk assistent").check()
    org.get_by_label("Gemeente").fill("Mechelen")
    org.get_by_label("Sector").select_option("jeugdhulp")
    org.get_by_label("Uren per week").fill("30,4")
    org.get_by_label("Wat houdt de job in").fill("Je werkt met jongeren en hun gezin.")
    org.get_by_label("Solliciteren kan tot").fill((date.today() + timedelta(days=14)).isoformat())
    assert serious_accessibility_violations(org) == []
    org.get_by_role("button", name="Publiceren").click()
    assert "Je vacature staat online." in org.content()
    screenshot(org, "vacatures-beheer")

    visitor_context, visitor, visitor_errors = _context(browser, vacancy_site)
    visitor.goto("/vacatures")
    visitor.get_by_label("Regio").select_option("Antwerpen")
    visitor.get_by_label("Diploma").select_option("sociaal werk")
    visitor.get_by_role("button", name="Zoeken").click()
    assert "regio=Antwerpen" in visitor.url
    assert serious_accessibility_violations(visitor) == []
    screenshot(visitor, "vacatures-zoeken")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    posting = json.loads(
        visitor.locator('script[type="application/ld+json"]').text_content() or "{}"
    )
    assert [name for name in REQUIRED if not posting.get(name)] == []
    assert posting["jobLocation"]["address"]["addressLocality"] == "Mechelen"
    assert serious_accessibility_violations(visitor) == []
    visitor.get_by_role("link", name="Solliciteer", exact=True).click()
    visitor.get_by_label("Je naam").fill("Sara Peeters")
    visitor.get_by_label("Je e-mailadres").fill("sara@voorbeeld.be")
    visitor.get_by_label("Ik geef toestemming").check()
    assert serious_accessibility_violations(visitor) == []
    screenshot(visitor, "vacature-solliciteren")
    visitor.get_by_role("button", name="Verstuur je sollicitatie").click()
    assert "Je sollicitatie is verstuurd" in visitor.content()

    org.goto("/account/vacatures/sollicitaties")
    assert "sara@voorbeeld.be" in org.content()
    org.get_by_label("Je antwoord").fill("Welkom op gesprek volgende week!")
    org.get_by_role("button", name="Antwoord versturen").click()
    assert "Je antwoord is verstuurd." in org.content()
    assert "Welkom op gesprek volgende week!" in org.content()
    assert serious_accessibility_violations(org) == []
    screenshot(org, "vacatures-sollicitaties")
    org_context.close()
    visitor_context.close()
    assert org_errors == []
    assert visitor_errors == []
