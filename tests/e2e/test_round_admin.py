"""Browser test of the round administrator's pages: allocate a closed round and publish it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import bootstrap
from krapte.placement.core.calendar import Phase
from krapte.settings import Settings
from placement.rounds.admin_builders import stored_round

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def round_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A store of its own (the shared site stays untouched): a round administrator and a
    closed round, served on loopback."""
    home: Path = tmp_path_factory.mktemp("rondebeheer")
    container = bootstrap(Settings(home=home, database_url=f"sqlite:///{home / 'krapte.db'}"))
    container.store.initialise()
    make_user(container, "rb@voorbeeld.be", Role.ROUND_ADMIN, name="Rita")
    round_id = stored_round(container, Phase.CLOSED, name="Voorjaar 2027")
    with served(container) as url:
        yield url, round_id
    container.store.dispose()


def test_round_administrator_allocates_and_publishes_in_the_browser(
    browser: Any, round_site: tuple[str, int]
) -> None:
    url, round_id = round_site
    context = browser.new_context(
        base_url=url, locale="nl-BE", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"/aanmelden?volgende=/stages/{round_id}/beheer")
    page.get_by_label("E-mailadres").fill("rb@voorbeeld.be")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"**/stages/{round_id}/beheer")
    page.get_by_label("Startwaarde van de loting (leeg: krapte kiest er een)").fill("7")
    page.get_by_role("button", name="Toewijzen").click()
    assert "De toewijzing is berekend en bewaard." in page.get_by_role("status").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "rondebeheer-toegewezen")
    page.get_by_role("link", name="Alle cijfers van deze run").click()
    page.get_by_role("button", name="Opnieuw berekenen en vergelijken").click()
    assert "identiek" in page.get_by_role("status").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "rondebeheer-run")
    page.get_by_role("link", name="Terug naar het beheer").click()
    page.get_by_role("button", name="Laatste toewijzing publiceren").click()
    assert "gepubliceerd" in page.get_by_role("status").inner_text()
    page.goto(f"/stages/{round_id}")
    assert page.locator("[aria-current=step]").inner_text().startswith("gepubliceerd")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "ronde-startpagina")
    page.goto("/stages")
    assert page.get_by_role("link", name="Voorjaar 2027").is_visible()
    assert page.get_by_label("Voorkeuren sluiten op").is_visible()
    assert serious_accessibility_violations(page) == []
    context.close()
    assert not errors, f"console errors: {errors}"
