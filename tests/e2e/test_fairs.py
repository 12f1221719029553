"""A job fair in a browser: visitors register until it is full, the next joins the waiting list,
and a cancellation by the mailed link moves them up (own server: its own fair)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from fairs.builders import ORGANISER, add_fair, cancel_token, mails
from krapte.accounts.core.permissions import Role
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


def test_an_organiser_creates_a_fair_and_finds_it_in_the_list(
    browser: Any, fair_site: tuple[str, Container, int]
) -> None:
    url, container, _ = fair_site
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=[ORGANISER])
    context = browser.new_context(
        base_url=url, locale="nl-BE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/aanmelden?volgende=/jobbeurzen/nieuw")
    page.get_by_label("E-mailadres").fill("org@voorbeeld.be")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Titel").fill("Jobbeurs Limburg")
    page.get_by_label("Gemeente").fill("Genk")
    page.get_by_label("Plaats (gebouw en adres)").fill("C-mine, Genk")
    page.get_by_label("Datum").fill("2030-03-04")
    page.get_by_label("Begin").fill("09:00")
    page.get_by_label("Einde").fill("16:00")
    page.get_by_label("Aantal plaatsen voor bezoekers").fill("40")
    page.get_by_label("Deelnemende organisaties").fill("OCMW Genk\nVzw Ligo")
    page.get_by_label("Programma").fill("10:00; workshop; Solliciteren zonder diploma")
    page.get_by_role("button", name="Bewaar de jobbeurs").click()
    assert "De jobbeurs is bewaard." in page.get_by_role("status").inner_text()
    assert "4 maart 2030, 09:00–16:00" in page.content()  # Belgian time, as typed
    assert serious_accessibility_violations(page) == []
    screenshot(page, "jobbeurs-bezoekers")
    page.goto("/jobbeurzen?provincie=Limburg")
    assert page.get_by_role("link", name="Jobbeurs Limburg").is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "jobbeurzen-limburg")
    context.close()
    assert not errors, f"console errors: {errors}"
