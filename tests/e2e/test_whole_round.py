"""The whole placement round in a browser, every round action through the pages.

A round administrator creates the round and opens it for offers; an organisation publishes two
offers (capacity 1 each); the round opens for lists; a school coordinator imports three students;
three students rank by keyboard only (two want the same first choice, the third wants only that
one); the administrator closes, allocates with a fixed seed and publishes; a student placed at
their second choice reads why; the organisation sees exactly its two interns and names a mentor.
Whatever the lottery, one student gets the Gent place, one is placed in Leuven at their second
choice and one gets nothing. Finally the browser's run equals `krapte placement run` on the
round's exported files with the same seed.

Accounts and the empty store are set up through services; on every page no console error and no
serious axe violation; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from accounts.builders import PASSWORD, make_user
from browser import screenshot, serious_accessibility_violations
from e2e.conftest import served
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.bootstrap import Container, bootstrap
from krapte.cli import app
from krapte.placement.rounds import calendar_service
from krapte.settings import Settings
from logs import collected_log, lines
from placement.rounds.admin_builders import exported, stored_assignment

pytestmark = pytest.mark.e2e

SEED = 2027
ORGANISATION = "Zorgpunt vzw"
SCHOOL = "Odisee"
ROUND_ADMIN, COORDINATOR, ORGANISER = "rb@ronde.test", "coordinator@odisee.test", "org@zorg.test"
STUDENTS = {  # student id -> (name, e-mail address)
    "A1": ("Anna Aerts", "anna@odisee.test"),
    "B2": ("Bram Bos", "bram@odisee.test"),
    "C3": ("Cato Claes", "cato@odisee.test"),
}


@dataclass
class Visitor:
    """One person's browser context and page, with the console errors it produced."""

    page: Any
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    """An empty store of its own with the accounts (the shared site must not change)."""
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("hele-ronde")))
    container.store.initialise()
    make_user(container, ROUND_ADMIN, Role.ROUND_ADMIN, name="Rita Rondebeheer")
    make_user(container, COORDINATOR, Role.SCHOOL, schools=[SCHOOL], name="Cor Coördinator")
    make_user(container, ORGANISER, Role.ORGANISATION, organisations=[ORGANISATION], name="Olga")
    for name, email in STUDENTS.values():
        make_user(container, email, Role.STUDENT, name=name)
    yield container
    container.store.dispose()


@pytest.fixture(scope="module")
def site(store: Container) -> Iterator[str]:
    with served(store) as url:
        yield url


@pytest.fixture(scope="module")
def server_log(site: str) -> Iterator[io.StringIO]:
    """What the round's server logs from now on, as JSON lines (tests/logs.py); after the server
    started, whose logging set-up replaces uvicorn's handlers."""
    with collected_log() as stream:
        yield stream


@pytest.fixture
def visit(browser: Any, site: str) -> Iterator[Any]:
    """``visit(email, path)``: a new context for ``email``, signed in through the form (by
    keyboard) and sent on to ``path``; at the end, no console error in any of them."""
    opened: list[tuple[Any, Visitor]] = []

    def sign_in(email: str, path: str) -> Visitor:
        context = browser.new_context(
            base_url=site, locale="nl-BE", viewport={"width": 1280, "height": 900}
        )
        visitor = Visitor(context.new_page())
        visitor.page.on(
            "console",
            lambda msg: visitor.errors.append(msg.text) if msg.type == "error" else None,
        )
        visitor.page.on("pageerror", lambda exc: visitor.errors.append(str(exc)))
        opened.append((context, visitor))
        visitor.page.goto(f"/aanmelden?volgende={path}")
        visitor.page.get_by_label("E-mailadres").fill(email)
        visitor.page.get_by_label("Wachtwoord").fill(PASSWORD)
        visitor.page.get_by_label("Wachtwoord").press("Enter")
        visitor.page.wait_for_url(f"**{path}")
        return visitor

    yield sign_in
    for context, _ in opened:
        context.close()
    errors = [error for _, visitor in opened for error in visitor.errors]
    assert not errors, f"console errors: {errors}"


def checked(page: Any, name: str) -> None:
    """No serious accessibility violation on the page as it is now; a screenshot for people."""
    assert serious_accessibility_violations(page) == [], page.url
    screenshot(page, f"hele-ronde-{name}")


def press(page: Any, button: str) -> None:
    """Reach ``button`` (its accessible name contains this text) with Tab alone, from where the
    focus is, and press it with Enter: the keyboard path a student without a mouse takes."""
    target = page.get_by_role("button", name=button)
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"Tab never reaches the button '{button}' on {page.url}")


def ranked(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "ol.stage-ranking li[data-offer-id]", "items => items.map(i => i.dataset.offerId)"
        )
    )


def next_phase(page: Any, label: str) -> None:
    page.get_by_role("button", name=f"Naar de fase '{label}'").click()
    expect(page.get_by_text(f"De ronde is in de fase {label}.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("De ronde is naar de volgende fase gegaan.")


def test_a_whole_round_in_the_browser_equals_the_command_line_run(
    visit: Any, store: Container, tmp_path: Path, server_log: io.StringIO
) -> None:
    # 1. The round administrator creates the round and opens it for offers.
    admin = visit(ROUND_ADMIN, "/stages").page
    admin.get_by_label("Naam").fill("Stages voorjaar 2027")
    admin.get_by_label("Maximum aantal keuzes").fill("2")
    admin.get_by_label("Minimum aantal keuzes voor een volledige lijst").fill("1")
    admin.get_by_role("button", name="Ronde aanmaken").click()
    admin.wait_for_url(re.compile(r"/stages/\d+/beheer"))
    rid = int(admin.url.split("/stages/")[1].split("/")[0])
    checked(admin, "beheer-nieuw")
    next_phase(admin, "aanbod open")

    # 2. The organisation publishes two offers with one place each.
    organisation = visit(ORGANISER, f"/stages/{rid}/aanbod/nieuw").page
    offer_ids = {}
    for municipality in ("Gent", "Leuven"):
        organisation.goto(f"/stages/{rid}/aanbod/nieuw")
        organisation.get_by_label("Aantal plaatsen").fill("1")
        organisation.get_by_label("Gemeente").fill(municipality)
        organisation.get_by_label("Sector").select_option("jeugdhulp")
        organisation.get_by_label("Periode").fill("februari tot mei 2027")
        if municipality == "Gent":
            checked(organisation, "aanbod-nieuw")
        organisation.get_by_role("button", name="Aanbod bewaren").click()
        organisation.wait_for_url(re.compile(rf"/stages/{rid}/aanbod/[^/?]+\?gedaan="))
        expect(organisation.get_by_role("status")).to_contain_text("Je aanbod is bewaard.")
        assert municipality in organisation.locator("dl.offer").inner_text()
        offer_ids[municipality] = organisation.url.split("/aanbod/")[1].split("?")[0]
    checked(organisation, "aanbod")
    gent, leuven = offer_ids["Gent"], offer_ids["Leuven"]

    # 3. The lists open.
    admin.reload()
    next_phase(admin, "voorkeuren open")

    # 4. The school coordinator imports the three students.
    roster = tmp_path / "studenten.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("student_id", "school", "programme", "level", "study_year",
                         "municipality", "name", "email"))  # fmt: skip
        for student_id, (name, email) in STUDENTS.items():
            writer.writerow(
                (student_id, SCHOOL, "sociaal werk", "bachelor", 2, "Gent", name, email)
            )
    school = visit(COORDINATOR, f"/stages/{rid}/studenten/importeren").page
    checked(school, "studenten-importeren")
    school.get_by_label("Bestand (CSV of Excel)").set_input_files(str(roster))
    school.get_by_role("button", name="Inlezen").click()
    school.wait_for_url(f"**/stages/{rid}/studenten?gedaan=ingelezen")
    expect(school.get_by_role("status")).to_contain_text(
        "De studenten uit het bestand zijn toegevoegd."
    )
    listed = school.locator("main").inner_text()
    assert all(name in listed for name, _ in STUDENTS.values())
    checked(school, "studenten")

    # 5. Three students rank by keyboard only. Anna and Bram add Leuven first, then move Gent up
    # (Anna) or Leuven down (Bram); Cato wants Gent only.
    wanted = {"A1": [gent, leuven], "B2": [gent, leuven], "C3": [gent]}
    student_pages = {}
    for student_id, (name, email) in STUDENTS.items():
        page = visit(email, f"/stages/{rid}/zoeken").page
        student_pages[student_id] = page
        to_add = ["Leuven", "Gent"] if student_id != "C3" else ["Gent"]
        for municipality in to_add:
            page.goto(f"/stages/{rid}/zoeken")
            if student_id == "A1" and municipality == "Leuven":
                checked(page, "zoeken")
            press(page, f"Toevoegen aan mijn lijst: {ORGANISATION}, {municipality}")
            expect(page.get_by_role("status")).to_have_text("De stageplaats staat op je lijst.")
        if student_id == "A1":
            press(page, f"Omhoog: {ORGANISATION} (keuze 2)")
        elif student_id == "B2":
            press(page, f"Omlaag: {ORGANISATION} (keuze 1)")
        if student_id != "C3":
            expect(page.get_by_role("status")).to_have_text("Je lijst is aangepast.")
        assert ranked(page) == wanted[student_id], name
        assert "Je lijst is volledig." in page.locator(".stage-status").inner_text()
        if student_id == "A1":
            checked(page, "mijn-lijst")

    # 6. The round administrator closes, allocates with a fixed seed and publishes.
    admin.reload()
    next_phase(admin, "afgesloten")
    admin.get_by_label("Startwaarde van de loting (leeg: krapte kiest er een)").fill(str(SEED))
    admin.get_by_role("button", name="Toewijzen").click()
    expect(admin.get_by_role("status")).to_contain_text("De toewijzing is berekend en bewaard.")
    checked(admin, "beheer-toegewezen")
    admin.get_by_role("button", name="Laatste toewijzing publiceren").click()
    expect(admin.get_by_role("status")).to_contain_text("gepubliceerd")
    checked(admin, "beheer-gepubliceerd")
    run_id = calendar_service.get_round(store.unit_of_work(), SYSTEM, rid).published_run_id
    assert run_id is not None
    placed = stored_assignment(store, run_id)
    # Whatever the lottery: Gent goes to one of the three, Leuven to Anna or Bram, one is left.
    assert sorted(placed.values()) == sorted(["", gent, leuven])
    second = next(s for s, offer in placed.items() if offer == leuven)
    unplaced = next(s for s, offer in placed.items() if not offer)

    # 7. The student placed at their second choice sees the place and why not Gent.
    page = student_pages[second]
    page.goto(f"/stages/{rid}/resultaat")
    result = page.locator(".stage-result").inner_text()
    assert f"Je hebt een stageplaats bij {ORGANISATION} in Leuven: je keuze 2." in result
    why = page.locator("table.stage-explanations tbody tr")
    assert why.count() == 1
    assert "Gent" in why.first.inner_text()
    own = re.search(r"Je lotnummer is (\d+)\.", page.locator("main").inner_text())
    assert own, "the result page shows no lottery number"
    reason = re.search(r"volzet: de laatst toegelaten student had lotnummer (\d+); jouw lotnummer "
                       r"is (\d+)", why.first.inner_text())  # fmt: skip
    assert reason, why.first.inner_text()
    assert reason.group(2) == own.group(1)
    assert int(reason.group(1)) < int(own.group(1))
    checked(page, "resultaat")
    left = student_pages[unplaced]
    left.goto(f"/stages/{rid}/resultaat")
    assert "geen stageplaats gekregen" in left.locator(".stage-result").inner_text()
    checked(left, "resultaat-zonder-plaats")

    # 8. The organisation sees exactly its two interns and names a mentor.
    organisation.goto(f"/stages/{rid}/stagiairs")
    interns = organisation.locator("section.intern h2")
    expected = {STUDENTS[s][0] for s, offer in placed.items() if offer}
    assert set(interns.all_inner_texts()) == expected
    assert STUDENTS[unplaced][0] not in organisation.locator("main").inner_text()
    first = organisation.locator("section.intern").first
    first.get_by_label("Mentor").fill("An Peeters")
    first.get_by_role("button", name="Stage bevestigen").click()
    expect(organisation.get_by_role("status")).to_contain_text("De stage is bevestigd")
    assert "mentor: An Peeters" in organisation.locator("section.intern").first.inner_text()
    checked(organisation, "stagiairs")

    # 10. The browser's run equals `krapte placement run` on the round's files and seed.
    paths = exported(store, rid, tmp_path / "ronde")
    out = tmp_path / "uit"
    answer = CliRunner().invoke(
        app,
        ["placement", "run", "--offers", str(paths.offers), "--students", str(paths.students),
         "--preferences", str(paths.preferences), "--seed", str(SEED), "--max-choices", "2",
         "--out", str(out)],
    )  # fmt: skip
    assert answer.exit_code == 0, answer.output
    with (out / "assignments.csv").open(encoding="utf-8-sig") as handle:
        from_files = {row["student_id"]: row["offer_id"] for row in csv.DictReader(handle)}
    assert from_files == placed

    # 11. The server's log holds every request of the round, and nobody's id, name or address.
    logged = lines(server_log)
    assert {"/stages/{rid}/mijn-lijst", "/aanmelden"} <= {line.get("route") for line in logged}
    text = server_log.getvalue()
    for student, (name, email) in STUDENTS.items():
        for personal in (student, name, *name.split(), email, email.split("@")[0]):
            assert not re.search(rf"\b{re.escape(personal)}\b", text), personal
