"""The expert directory and job alerts in a browser (own server: the test changes its store):
an expert opts in, confirms, is approved, is found by search, withdraws and is gone; a
subscriber confirms a job alert and unsubscribes with one click from an alert mail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from experts.builders import outbox
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.experts import alerts
from krapte.settings import Settings

pytestmark = pytest.mark.e2e

ADMIN = "beheer@krapte.be"
EXPERT = "sara.claes@voorbeeld.be"


@dataclass(frozen=True)
class Site:
    url: str
    container: Container


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("experten")))
    container.store.initialise()
    make_user(container, ADMIN, Role.ADMIN, name="Beheer")
    with served(container) as url:
        yield Site(url, container)
    container.store.dispose()


@pytest.fixture
def context(browser: Any, site: Site) -> Iterator[Any]:
    opened = browser.new_context(
        base_url=site.url, locale="nl-BE", viewport={"width": 1280, "height": 900}
    )
    errors: list[str] = []
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    opened.close()
    assert not errors, f"console errors: {errors}"


def _last_link(site: Site, path: str) -> str:
    """The site path of the newest mailed link that starts with ``path``."""
    found = re.findall(
        re.escape(site.url) + r"(" + re.escape(path) + r"[^\s>]+)", outbox(site.container)[-1]
    )
    assert found, f"no {path} link in the last mail"
    return str(found[0])


def test_an_expert_opts_in_is_approved_found_withdraws_and_is_gone(
    context: Any, site: Site
) -> None:
    page = context.new_page()
    page.goto("/experten/aanmelden")
    page.get_by_label("Naam (zoals je in de lijst wilt staan)").fill("Sara Claes")
    page.get_by_label("E-mailadres (wordt nooit getoond)").fill(EXPERT)
    page.get_by_label("Migratie en diversiteit").check()
    page.get_by_label("Regio").select_option("Limburg")
    page.get_by_label("Nederlands", exact=True).check()
    page.get_by_label("Turks").check()
    page.get_by_label("Ik geef mijn toestemming").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Aanmelden").click()
    assert "Kijk in je mailbox" in page.locator("h1").inner_text()
    page.goto(_last_link(site, "/experten/bevestigen/"))
    page.get_by_role("button", name="Bevestigen").click()
    assert "bevestigd" in page.locator("h1").inner_text()
    withdraw = re.findall(r"/experten/intrekken/[^\s]+", outbox(site.container)[-1])[0]

    admin = context.browser.new_context(base_url=site.url, locale="nl-BE").new_page()
    admin.goto("/aanmelden")
    admin.get_by_label("E-mailadres").fill(ADMIN)
    admin.get_by_label("Wachtwoord").fill(PASSWORD)
    admin.get_by_role("button", name="Aanmelden").click()
    admin.goto("/experten/beheer")
    admin.get_by_role("button", name="Goedkeuren: Sara Claes").click()
    assert "goedgekeurd" in admin.locator(".form-notice").inner_text()
    admin.context.close()

    page.goto("/experten")
    page.get_by_label("Expertise").select_option(label="Migratie en diversiteit")
    page.get_by_label("Taal").select_option("Turks")
    page.get_by_role("button", name="Zoeken").click()
    assert "taal=Turks" in page.url
    page.get_by_role("link", name="Sara Claes").click()
    assert EXPERT not in page.content()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "expert-profiel")

    page.goto(withdraw)
    page.get_by_role("button", name="Profiel wissen").click()
    assert "gewist" in page.locator("h1").inner_text()
    page.goto("/experten")
    assert "Sara Claes" not in page.content()
    assert page.request.get("/api/v1/experts").json()["total"] == 0


def test_a_subscriber_confirms_and_unsubscribes_with_one_click(context: Any, site: Site) -> None:
    page = context.new_page()
    page.goto("/jobmeldingen")
    page.get_by_label("E-mailadres").fill("kim@voorbeeld.be")
    page.get_by_label("Regio").select_option("Antwerpen")
    page.get_by_label("Niveau").select_option("bachelor")
    page.get_by_label("Ik wil jobmeldingen ontvangen").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Inschrijven").click()
    page.goto(_last_link(site, "/jobmeldingen/bevestigen/"))
    page.get_by_role("button", name="Bevestigen").click()
    assert "Je jobmelding loopt" in page.locator("h1").inner_text()

    alerts.alert_vacancy(
        site.container.unit_of_work(write=True), _Notice(), site.container.settings
    )
    page.goto(_last_link(site, "/jobmeldingen/uitschrijven/"))
    screenshot(page, "jobmelding-uitschrijven")
    page.get_by_role("button", name="Uitschrijven").click()
    assert "Je bent uitgeschreven" in page.locator("h1").inner_text()


@dataclass(frozen=True)
class _Notice:
    id: int = 1
    title: str = "Sociaal werker (m/v/x)"
    organisation: str = "CAW Antwerpen"
    municipality: str = "Mechelen"
    province: str = "Antwerpen"
    programmes: tuple[str, ...] = ("sociaal werk",)
    levels: tuple[str, ...] = ("bachelor",)
    url: str = "http://127.0.0.1/vacatures/1"
