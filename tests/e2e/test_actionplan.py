"""The action plan in a browser: an analyst records an action on recommendation 36 and updates
its status; a visitor who is not signed in sees it on the public page and in the feed, and the
history shows both events (own server: the test changes its store)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import bootstrap
from krapte.settings import Settings

pytestmark = pytest.mark.e2e

ANALYST = "analist@voorbeeld.be"
ATOM = "{http://www.w3.org/2005/Atom}"
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def plan_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("actieplan")))
    container.store.initialise()
    make_user(container, ANALYST, Role.ANALYST)
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


def test_an_analyst_records_an_action_and_a_visitor_follows_it(
    browser: Any, plan_site: str
) -> None:
    context, page, errors = _context(browser, plan_site)
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(ANALYST)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.goto("/actieplan/aanbevelingen/36")
    page.get_by_role("link", name="Nieuwe actie vastleggen").click()
    page.get_by_label("Titel van de actie").fill("Gedeeld stagekader met de hogescholen")
    page.get_by_label("Trekker (organisatie)").fill("Vzw Stagepunt")
    page.get_by_label("Startdatum").fill("2026-02-01")
    page.get_by_label("Einddatum").fill("2027-06-30")
    page.get_by_label("Bezette stageplaatsen (centrale stageplaatsing)").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Actie vastleggen").click()
    assert "De actie is vastgelegd." in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="36.1 Gedeeld stagekader met de hogescholen").click()
    page.get_by_label("Status", exact=True).select_option("under_way")
    page.get_by_label("Notitie", exact=True).fill("Eerste overleg met drie hogescholen.")
    screenshot(page, "actieplan-actie-bijwerken")
    page.get_by_role("button", name="Wijziging bewaren").click()
    assert "Je wijziging is bewaard" in page.get_by_role("status").inner_text()
    context.close()
    assert errors == []

    visitor, public, public_errors = _context(browser, plan_site)
    public.goto("/actieplan")
    row = public.locator("tr", has_text="Gedeeld stagekader met de hogescholen")
    assert "lopend" in row.inner_text()
    assert "Vzw Stagepunt" in row.inner_text()
    assert "30 juni 2027" in row.inner_text()
    assert serious_accessibility_violations(public) == []
    screenshot(public, "actieplan-overzicht")
    public.get_by_role("link", name="36", exact=True).click()
    history = public.locator("table.ap-history tbody tr")
    assert history.count() == 2
    assert "actie vastgelegd" in history.nth(0).inner_text()
    assert "niet gestart → lopend" in history.nth(1).inner_text()
    assert "Eerste overleg met drie hogescholen." in history.nth(1).inner_text()
    assert "analist" in history.nth(1).inner_text()
    assert public.get_by_role("link", name="Nieuwe actie vastleggen").count() == 0
    assert serious_accessibility_violations(public) == []
    screenshot(public, "actieplan-aanbeveling-36")
    feed = visitor.request.get("/actieplan/feed.xml")
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in entries]
    assert len(titles) == 2
    assert "lopend" in titles[0]
    assert "vastgelegd" in titles[1]
    visitor.close()
    assert public_errors == []


def test_the_timeline_and_an_indicator_chart_render(page: Any) -> None:
    page.goto("/actieplan/aanbevelingen/13")
    chart = page.locator('img[src="/actieplan/indicatoren/starters_graduaat_mw.svg"]')
    chart.wait_for()
    assert page.evaluate("(img) => img.naturalWidth > 0", chart.element_handle())
    assert serious_accessibility_violations(page) == []
    screenshot(page, "actieplan-aanbeveling-13")
    page.goto("/actieplan/tijdlijn")
    assert page.locator("h1").inner_text() == "Tijdlijn van het actieplan"
    assert serious_accessibility_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    for url in ("/actieplan", "/actieplan/prioriteiten", "/actieplan/aanbevelingen/13"):
        page.goto(url)
        assert page.evaluate(NO_HORIZONTAL_SCROLL), url
    page.goto("/actieplan")
    page.get_by_label("Actorgroep").select_option("higher_education")
    page.get_by_role("button", name="Toon").click()
    assert "actorgroep=higher_education" in page.url
    assert page.locator("section.ap-group").count() == 1
    screenshot(page, "actieplan-overzicht-gsm")
