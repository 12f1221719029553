"""The workforce monitor in a browser: an organisation uploads its staff records, sees its
turnover and team-mix charts (with their tables), and the public sector page answers its form
(own server: its own store)."""

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
from krapte.settings import Settings
from logs import collected_log, lines
from workforce.builders import organisation, staff, staff_file

pytestmark = pytest.mark.e2e

EMAIL = "personeel@voorbeeld.be"


@pytest.fixture(scope="module")
def workforce_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("werkkracht")))
    container.store.initialise()
    make_user(container, EMAIL, Role.ORGANISATION, organisations=["CAW Oost"])
    organisation(container, "CAW Oost")
    with served(container) as url:
        yield url
    container.store.dispose()


@pytest.fixture
def signed_in(browser: Any, workforce_site: str) -> Iterator[Any]:
    context = browser.new_context(base_url=workforce_site, locale="nl-BE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    yield page
    context.close()
    # a refused form answers 422 on purpose (the browser logs that status); nothing else may
    errors = [e for e in errors if "status of 422" not in e]
    assert not errors, f"console errors: {errors}"


def _loaded(page: Any, selector: str) -> bool:
    page.wait_for_load_state("load")  # images included (a click only waits for the navigation)
    return bool(page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0"))


def test_an_organisation_uploads_records_and_sees_its_charts(
    signed_in: Any, tmp_path: Path
) -> None:
    page = signed_in
    rows = [
        staff(pseudonym=f"PSEUDO-{i:03d}", level=("graduaat", "bachelor", "master")[i % 3],
              start_date=f"{2018 + i % 5}-03-01",
              end_date="2023-09-30" if i % 4 == 0 else "",
              exit_reason="werkdruk" if i % 4 == 0 else "")
        for i in range(20)
    ]  # fmt: skip
    path = staff_file(tmp_path, rows)
    with collected_log() as log:
        page.goto("/werkkracht")
        page.get_by_role("link", name="CAW Oost").click()
        page.get_by_role("link", name="Personeelsgegevens inlezen").click()
        page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(path))
        page.get_by_role("button", name="Inlezen").click()
        assert "De personeelsgegevens zijn ingelezen." in page.inner_text("main")
    logged = lines(log)
    assert any(line.get("route") == "/werkkracht/{name}/importeren" for line in logged), logged
    assert "PSEUDO-" not in log.getvalue(), "a staff pseudonym reached the log"
    assert EMAIL not in log.getvalue()
    assert _loaded(page, "img[src$='verloop.svg']")
    assert _loaded(page, "img[src$='teammix.svg']")
    assert "werkdruk" in page.inner_text("main")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "werkkracht-organisatie")


def test_the_public_sector_page_changes_its_table_with_the_form(
    browser: Any, workforce_site: str
) -> None:
    context = browser.new_context(base_url=workforce_site, locale="nl-BE")
    page = context.new_page()
    page.goto("/werkkracht/sector")
    page.get_by_label("Indeling").select_option("province")
    page.get_by_label("Cijfer").select_option("inflow")
    page.get_by_role("button", name="Toon").click()
    assert "indeling=province" in page.url
    assert "maat=inflow" in page.url
    assert serious_accessibility_violations(page) == []
    screenshot(page, "werkkracht-sector")
    context.close()


def test_an_organisation_enters_one_record_and_a_mistake_is_shown_beside_its_field(
    signed_in: Any,
) -> None:
    page = signed_in
    page.goto("/werkkracht/CAW%20Oost")
    page.get_by_role("link", name="Eén medewerker toevoegen").click()
    form = page.locator("form[action$='/personeel/nieuw']")
    form.get_by_label("Pseudoniem").fill("MW-0042")
    form.get_by_label("Functie").select_option("sociaal werker")
    form.get_by_label("Diplomaniveau").select_option("master")
    form.get_by_label("Voltijds equivalent").fill("1,5")
    form.get_by_label("Geboortejaren").fill("1985-1989")
    form.get_by_label("Begindatum").fill("2024-03-01")
    form.get_by_role("button", name="Toevoegen").click()
    refused = page.locator("form[action$='/personeel/nieuw']")
    assert "Niet bewaard" in refused.inner_text()
    field = refused.get_by_label("Voltijds equivalent")
    assert field.get_attribute("aria-invalid") == "true"
    assert "groter dan 0 en hoogstens 1" in page.inner_text("#nieuw-fte-fout")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "werkkracht-personeel-fout")
    field.fill("0,8")
    refused.get_by_role("button", name="Toevoegen").click()
    assert "De medewerker is toegevoegd." in page.inner_text("main")
