"""The organisation's pages in a browser: sign in, add an offer by keyboard and mouse, see a
problem beside its field, and name a mentor for a placed intern (own server: its own round)."""

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
from placement.rounds.organisation_round import MINE, build_round

pytestmark = pytest.mark.e2e

EMAIL = "mentor@voorbeeld.be"


@pytest.fixture(scope="module")
def organisation_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    """A store with a round open for offers (its run not yet public), a published round and an
    organisation user, served on loopback."""
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("organisatie")))
    container.store.initialise()
    built = build_round(container, Phase.OFFERS_OPEN, published=True)
    published = build_round(container, Phase.PUBLISHED, published=True, name="gepubliceerd")
    make_user(container, EMAIL, Role.ORGANISATION, organisations=[MINE])
    with served(container) as url:
        yield url, built.round_id, published.round_id
    container.store.dispose()


@pytest.fixture
def signed_in(browser: Any, organisation_site: tuple[str, int, int]) -> Iterator[Any]:
    url, _, _ = organisation_site
    context = browser.new_context(
        base_url=url, locale="nl-BE", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    # A form with problems answers 422 on purpose; Chromium logs every 4xx page as an error.
    expected = "the server responded with a status of 422"
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    yield page
    context.close()
    unexpected = [error for error in errors if expected not in error]
    assert not unexpected, f"console errors: {unexpected}"


def test_an_organisation_adds_an_offer_and_sees_problems_beside_fields(
    signed_in: Any, organisation_site: tuple[str, int, int]
) -> None:
    page = signed_in
    _, round_id, _ = organisation_site
    page.goto(f"/stages/{round_id}/aanbod")
    page.get_by_role("link", name="Nieuw aanbod").click()
    page.get_by_label("Aantal plaatsen").fill("2")
    page.get_by_label("Gemeente").fill("Leuvn")
    page.get_by_label("Sector").select_option("jeugdhulp")
    page.get_by_label("sociaal werk", exact=True).check()
    page.get_by_label("Periode").fill("najaar 2027")
    page.get_by_role("button", name="Aanbod bewaren").click()
    problem = page.locator("#fout-municipality")
    assert "Leuven" in problem.inner_text()
    assert page.get_by_label("Gemeente").get_attribute("aria-invalid") == "true"
    assert serious_accessibility_violations(page) == []
    screenshot(page, "organisatie-aanbod-fout")
    page.get_by_label("Gemeente").fill("Leuven")
    page.get_by_role("button", name="Aanbod bewaren").click()
    assert "Je aanbod is bewaard." in page.get_by_role("status").inner_text()
    assert "Vlaams-Brabant" in page.locator("dl.offer").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "organisatie-aanbod")


def test_the_interns_page_before_publication_shows_no_names(
    signed_in: Any, organisation_site: tuple[str, int, int]
) -> None:
    page = signed_in
    _, round_id, _ = organisation_site
    page.goto(f"/stages/{round_id}/stagiairs")
    text = page.locator("main").inner_text()
    assert "anoniem" in text
    assert "Student " not in text
    assert serious_accessibility_violations(page) == []
    screenshot(page, "organisatie-stagiairs")


def test_the_import_form_is_labelled(
    signed_in: Any, organisation_site: tuple[str, int, int], tmp_path: Path
) -> None:
    page = signed_in
    _, round_id, _ = organisation_site
    page.goto(f"/stages/{round_id}/aanbod/importeren")
    bad = tmp_path / "aanbod.csv"
    bad.write_text(
        f"organisation;municipality;sector;capacity\n{MINE};Gent;bakkerij;1\n", encoding="utf-8"
    )
    page.get_by_label("Bestand (.csv of .xlsx, hoogstens 5 MB)").set_input_files(str(bad))
    page.get_by_role("button", name="Inlezen").click()
    assert "aanbod.csv, rij 2, kolom 'sector'" in page.locator(".problems").inner_text()
    assert serious_accessibility_violations(page) == []


def test_after_publication_the_organisation_names_a_mentor(
    signed_in: Any, organisation_site: tuple[str, int, int]
) -> None:
    page = signed_in
    _, _, round_id = organisation_site
    page.goto(f"/stages/{round_id}/stagiairs")
    interns = page.locator("section.intern")
    assert interns.count() == 4
    first = interns.first
    first.get_by_label("Mentor").fill("An Peeters")
    first.get_by_role("button", name="Stage bevestigen").click()
    assert "De stage is bevestigd" in page.get_by_role("status").inner_text()
    assert "mentor: An Peeters" in page.locator("section.intern").first.inner_text()
    page.locator("section.intern").first.get_by_label("4").check()
    page.locator("section.intern").first.get_by_role("button", name="Evaluatie bewaren").click()
    assert "Je evaluatie is bewaard." in page.get_by_role("status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "organisatie-stagiairs-gepubliceerd")
