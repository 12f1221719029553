"""A job fair in a browser: visitors register until it is full, the next joins the waiting list,
and a cancellation by the mailed link moves them up (own server: its own fair)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from fairs.builders import add_fair, cancel_token, mails
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fair_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Container, int]]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("jobbeurs")))
    container.store.initialise()
    fair = add_fair(container, capacity=2)
    with served(container) as url:
        yield url, container, fair.id
    container.store.dispose()


@pytest.fixture
def visitor(browser: Any, fair_site: tuple[str, Container, int]) -> Iterator[Any]:
    context = browser.new_context(
        base_url=fair_site[0], locale="nl-BE", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


def _register(page: Any, fair_id: int, name: str, address: str, button: str) -> None:
    page.goto(f"/jobbeurzen/{fair_id}")
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("E-mailadres", exact=True).fill(address)
    page.get_by_label("Ik geef de organisator").check()
    page.get_by_role("button", name=button).click()


def test_visitors_fill_the_fair_join_the_waiting_list_and_move_up(
    visitor: Any, fair_site: tuple[str, Container, int]
) -> None:
    _, container, fair_id = fair_site
    visitor.goto("/jobbeurzen")
    visitor.get_by_role("link", name="Jobbeurs sociaal werk Gent").click()
    assert visitor.locator("#plaatsen").inner_text() == "Nog 2 van 2 plaatsen vrij."
    assert serious_accessibility_violations(visitor) == []
    _register(visitor, fair_id, "An Peeters", "an@voorbeeld.be", "Schrijf me in")
    assert "Je bent ingeschreven" in visitor.get_by_role("status").inner_text()
    _register(visitor, fair_id, "Bo Janssens", "bo@voorbeeld.be", "Schrijf me in")
    assert visitor.locator("#plaatsen").inner_text().startswith("Volzet")
    _register(visitor, fair_id, "Cas Maes", "cas@voorbeeld.be", "Zet me op de wachtlijst")
    notice = visitor.get_by_role("status").inner_text()
    assert "wachtlijst" in notice
    assert "plaats 1 van de wachtlijst" in notice
    screenshot(visitor, "jobbeurs-wachtlijst")
    assert serious_accessibility_violations(visitor) == []

    visitor.goto(f"/jobbeurzen/annuleren/{cancel_token(container, 'an@voorbeeld.be')}")
    visitor.get_by_role("button", name="Annuleer mijn inschrijving").click()
    assert "gewist" in visitor.get_by_role("status").inner_text()
    assert "plaats" in str(mails(container, "cas@voorbeeld.be")[-1]["Subject"])
    visitor.goto(f"/jobbeurzen/{fair_id}")
    assert visitor.locator("#plaatsen").inner_text() == "Volzet: 0 op de wachtlijst."
