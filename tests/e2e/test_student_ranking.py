"""A student's ranked list in a browser: the keyboard buttons, drag and drop, accessibility."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.placement.rounds.students import link_student_accounts
from krapte.settings import Settings
from placement.rounds.student_builders import build_round

pytestmark = pytest.mark.e2e

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def round_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Its own site (the shared one must not change): a round open for lists, student S2."""
    container: Container = bootstrap(Settings(home=tmp_path_factory.mktemp("ronde")))
    container.store.initialise()
    rid = build_round(container, accounts=False)
    user = make_user(container, "s2@school.test", Role.STUDENT, name="Student 2")
    link_student_accounts(container.unit_of_work(write=True), "s2@school.test", user.id)
    with served(container) as url:
        yield url, rid
    container.store.dispose()


@pytest.fixture
def student_page(browser: Any, round_site: tuple[str, int]) -> Iterator[Any]:
    url, _ = round_site
    context = browser.new_context(
        base_url=url, locale="nl-BE", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    opened.goto("/aanmelden")
    opened.get_by_label("E-mailadres").fill("s2@school.test")
    opened.get_by_label("Wachtwoord").fill(PASSWORD)
    opened.get_by_role("button", name="Aanmelden").click()
    yield opened
    context.close()
    assert not errors, f"console errors: {errors}"


def order(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "ol.stage-ranking li[data-offer-id]", "els => els.map(e => e.dataset.offerId)"
        )
    )


def test_the_list_works_by_keyboard_and_by_mouse(
    student_page: Any, round_site: tuple[str, int]
) -> None:
    page, (_, rid) = student_page, round_site
    page.goto(f"/stages/{rid}/mijn-lijst")
    assert order(page) == ["O1", "O2", "O5"]
    # Keyboard only: focus "Omlaag" of the first choice and press Enter.
    page.get_by_role("button", name="Omlaag: Zorg Gent (keuze 1)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#keuze-2")
    assert order(page) == ["O2", "O1", "O5"]
    assert page.get_by_role("status").inner_text() == "Je lijst is aangepast."
    # Mouse: drag the last choice to the top; the script submits the new order.
    with page.expect_navigation():
        page.locator("#keuze-3").drag_to(
            page.locator("#keuze-1"), target_position={"x": 10, "y": 2}
        )
    assert order(page)[0] == "O5"
    assert sorted(order(page)) == ["O1", "O2", "O5"]
    assert serious_accessibility_violations(page) == []
    screenshot(page, "mijn-lijst")


def test_the_search_page_fits_a_phone(student_page: Any, round_site: tuple[str, int]) -> None:
    page, (_, rid) = student_page, round_site
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/stages/{rid}/zoeken")
    assert page.get_by_role("button", name="Toevoegen aan mijn lijst: Buurtwerk Gent").count() in (
        0,
        1,
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert serious_accessibility_violations(page) == []
    screenshot(page, "zoeken-375")
    page.goto(f"/stages/{rid}/mijn-lijst")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    screenshot(page, "mijn-lijst-375")
