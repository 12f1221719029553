"""The action plan's public pages: Dutch, filtered as asked, fresh after every edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actionplan.routes.plan_builders import OWNER, Site, add_action, build_site
from builders import series, write_package
from krapte.accounts.core.permissions import SYSTEM
from krapte.actionplan import service
from krapte.actionplan.core.followup import Change, Status
from krapte.bootstrap import Container
from krapte.datahub.core.bundle import load_package
from krapte.datahub.service import load_bundle


@pytest.fixture
def site(container: Container) -> Site:
    return build_site(container)


def test_overview_shows_every_recommendation_per_actor_group_in_dutch(site: Site) -> None:
    page = site.client().get("/actieplan")
    assert page.status_code == 200
    assert '<html lang="nl-BE">' in page.text
    assert "Actieplan tegen de krapte" in page.text
    assert page.text.count('href="/actieplan/aanbevelingen/') == 60
    assert "Sociaalwerkorganisaties" in page.text
    assert "Gedeeld stagekader" in page.text
    assert OWNER in page.text
    assert 'href="/actieplan/prioriteiten"' in page.text
    assert 'type="application/atom+xml"' in page.text
    assert 'aria-current="page">Actieplan</a>' in page.text


def test_overview_filters_on_actor_group_status_and_priority(site: Site) -> None:
    change = Change(status=Status.UNDER_WAY)
    service.change_action(site.container.unit_of_work(write=True), SYSTEM, 36, 1, change)
    client = site.client()
    government = client.get("/actieplan?actorgroep=government").text
    assert government.count('href="/actieplan/aanbevelingen/') == 10
    not_started = client.get("/actieplan?status=not_started").text
    assert not_started.count('href="/actieplan/aanbevelingen/') == 59
    assert 'href="/actieplan/aanbevelingen/36"' not in not_started
    under_way = client.get("/actieplan?status=under_way").text
    assert under_way.count('href="/actieplan/aanbevelingen/') == 1
    internships = client.get("/actieplan?prioriteit=7").text
    linked = {n for n in range(1, 61) if f'href="/actieplan/aanbevelingen/{n}"' in internships}
    assert {2, 35, 36, 47, 59} <= linked


def test_a_wrong_filter_is_a_dutch_error_not_a_traceback(site: Site) -> None:
    answer = site.client().get("/actieplan?actorgroep=ministerie")
    assert answer.status_code == 422
    assert "onbekende actorgroep" in answer.text.lower()


def test_overdue_actions_are_marked_and_listed(site: Site) -> None:
    add_action(site.container, 12, "Te laat", start=date(2024, 1, 1), due=date(2024, 6, 30))
    client = site.client()
    late = client.get("/actieplan/achterstand").text
    assert "12.1" in late
    assert "Te laat" in late
    assert "36.1" not in late
    only_late = client.get("/actieplan?achterstand=true").text
    assert only_late.count('href="/actieplan/aanbevelingen/') == 1
    assert "achterstand" in only_late


def test_unknown_recommendation_is_a_dutch_404_page(site: Site) -> None:
    answer = site.client().get("/actieplan/aanbevelingen/61")
    assert answer.status_code == 404
    assert "aanbeveling 61 bestaat niet" in answer.text.lower()


def test_priorities_say_titles_are_editorial_and_mark_interpretations(site: Site) -> None:
    page = site.client().get("/actieplan/prioriteiten").text
    assert page.count('<h2 id="prioriteit-') == 10
    assert "De korte titels zijn van krapte" in page
    assert "interpretatie" in page
    one = site.client().get("/actieplan/prioriteiten/7")
    assert one.status_code == 200
    assert 'href="/actieplan/aanbevelingen/36"' in one.text
    assert site.client().get("/actieplan/prioriteiten/11").status_code == 404


def test_recommendation_page_cites_the_report_and_shows_the_history(site: Site) -> None:
    page = site.client().get("/actieplan/aanbevelingen/36").text
    assert "5.5. HOGER ONDERWIJS" in page
    assert "Gedeeld stagekader" in page
    assert "actie vastgelegd" in page
    assert "beheerder" in page  # acting as: the command line acts as an administrator
    assert "Nog geen cijfers in de datahub." in page
    assert "opdrachtregel" not in page  # a person's (or the CLI's) name is not public


def test_timeline_has_a_chart_and_the_same_actions_in_a_table(site: Site) -> None:
    client = site.client()
    page = client.get("/actieplan/tijdlijn").text
    assert '<img src="/actieplan/tijdlijn.svg"' in page
    assert "Gedeeld stagekader" in page
    assert "30 juni 2027" in page
    chart = client.get("/actieplan/tijdlijn.svg")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "<svg" in chart.text


def test_an_edit_shows_at_once_on_the_public_page(site: Site) -> None:
    client = site.client()
    before = client.get("/actieplan/aanbevelingen/12").text
    assert "nog geen actie" in before.lower()
    assert client.get("/actieplan/aanbevelingen/12").headers["cache-control"] == "no-store"
    add_action(site.container, 12, "Nieuw na de eerste blik")
    assert "Nieuw na de eerste blik" in client.get("/actieplan/aanbevelingen/12").text


def test_linked_indicator_with_figures_has_its_chart_latest_value_and_trend(
    site: Site, tmp_path: Path
) -> None:
    rows = series(
        [2022, 2023, 2024],
        [410, 455, 430],
        dataset="studiestarters",
        measure="studiestarters",
        geography="Vlaanderen",
        programme="maatschappelijk werk",
        level="graduaat",
    )
    package = load_package(write_package(tmp_path / "pkg", {"studiestarters": rows}))
    load_bundle(site.container.unit_of_work(write=True), package)
    client = site.client()
    page = client.get("/actieplan/aanbevelingen/13").text
    assert 'src="/actieplan/indicatoren/starters_graduaat_mw.svg"' in page
    assert "Laatste cijfer: 430 (2024)." in page
    assert "daalt" in page
    chart = client.get("/actieplan/indicatoren/starters_graduaat_mw.svg")
    assert chart.status_code == 200
    assert "<svg" in chart.text
    assert client.get("/actieplan/indicatoren/onbekend.svg").status_code == 404
    overview = client.get("/actieplan/indicatoren").text
    assert 'src="/actieplan/indicatoren/starters_graduaat_mw.svg"' in overview
    assert 'href="/actieplan/aanbevelingen/13"' in overview
    assert overview.count("Nog geen cijfers in de datahub.") >= 1


def test_a_busy_recommendation_shows_three_actions_and_links_to_the_rest(site: Site) -> None:
    for index in range(4):
        add_action(site.container, 36, f"Extra actie {index}")
    page = site.client().get("/actieplan?actorgroep=higher_education").text
    assert "Extra actie 1" in page
    assert "Extra actie 2" not in page
    assert "en nog 2 acties" in page


def test_the_timeline_pages_its_table_and_chart(site: Site) -> None:
    for index in range(55):
        add_action(site.container, 1, f"Tijdlijnactie {index:02}", start=date(2026, 3, 1))
    client = site.client()
    first = client.get("/actieplan/tijdlijn").text
    second = client.get("/actieplan/tijdlijn?pagina=2").text
    assert first.count("<tr") - 1 == 50
    assert 'href="/actieplan/tijdlijn?pagina=2"' in first
    assert 'src="/actieplan/tijdlijn.svg?pagina=2"' in second
    assert second.count("<tr") - 1 == 6
    assert client.get("/actieplan/tijdlijn.svg?pagina=2").status_code == 200


def test_the_filter_form_as_a_browser_sends_it_with_empty_fields(site: Site) -> None:
    client = site.client()
    page = client.get("/actieplan?actorgroep=higher_education&prioriteit=&status=")
    assert page.status_code == 200
    assert page.text.count('href="/actieplan/aanbevelingen/') == 12
    wrong = client.get("/actieplan?prioriteit=x7")
    assert wrong.status_code == 422
    assert "geen nummer van een prioriteit" in wrong.text
