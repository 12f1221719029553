"""Who reaches which survey page and API call: the own organisation and administrators; another
organisation, an analyst and nobody are refused, and refused calls change nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accounts.builders import csrf_token, signed_in_client
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.workforce.survey import service
from workforce.survey.builders import ADMIN, answer, close, survey_with_links
from workforce.survey.web import (
    ADMIN_EMAIL,
    ANALYST_EMAIL,
    ORG_EMAIL,
    OTHER_EMAIL,
    add_people,
    api_client,
)

EMAILS = {"own": ORG_EMAIL, "other": OTHER_EMAIL, "analyst": ANALYST_EMAIL, "admin": ADMIN_EMAIL}
WHO = ["nobody", "own", "other", "analyst", "admin"]
ALLOWED = {"own", "admin"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, FastAPI, int]]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("toegang")))
    container.store.initialise()
    add_people(container)
    survey_id, tokens = survey_with_links(container, ADMIN, links=10)
    answer(container, tokens)
    close(container, survey_id, ADMIN)
    yield container, create_app(container), survey_id
    container.store.dispose()


def _page_client(world: tuple[Container, FastAPI, int], who: str) -> TestClient:
    _, app, _ = world
    if who == "nobody":
        return TestClient(app, follow_redirects=False)
    return signed_in_client(app, EMAILS[who])


def _api_client(world: tuple[Container, FastAPI, int], who: str) -> TestClient:
    container, app, _ = world
    if who == "nobody":
        return TestClient(app, headers={"authorization": "Bearer geen-geldige-sleutel"})
    return api_client(app, container, EMAILS[who])


def _expected_page(who: str, status: int) -> bool:
    if who in ALLOWED:
        return status == 200
    if who == "nobody":
        return status == 303  # to the sign-in page
    return status == 403


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", ["", "/resultaten", "/resultaten.svg"])
def test_survey_pages_open_only_to_the_own_organisation_and_administrators(
    world: tuple[Container, FastAPI, int], who: str, page: str
) -> None:
    _, _, survey_id = world
    answer_ = _page_client(world, who).get(f"/werkkracht/bevraging/{survey_id}{page}")
    assert _expected_page(who, answer_.status_code), (who, answer_.status_code)
    if who == "nobody":
        assert answer_.headers["location"].startswith("/aanmelden")


@pytest.mark.parametrize("who", WHO)
def test_the_survey_list_shows_only_the_own_organisations(
    world: tuple[Container, FastAPI, int], who: str
) -> None:
    answer_ = _page_client(world, who).get("/werkkracht/bevraging")
    expected = {"nobody": 303, "analyst": 403}.get(who, 200)
    assert answer_.status_code == expected
    if expected == 200:
        assert ("Vzw De Brug" in answer_.text) == (who in ALLOWED)


@pytest.mark.parametrize("who", ["nobody", "other", "analyst"])
@pytest.mark.parametrize("action", ["links", "sluiten"])
def test_strangers_can_neither_make_links_nor_close(
    world: tuple[Container, FastAPI, int], who: str, action: str
) -> None:
    container, _, survey_id = world
    before = service.get_survey(container.unit_of_work(), ADMIN, survey_id)
    client = _page_client(world, who)
    token = csrf_token(client, "/aanmelden" if who == "nobody" else "/account")
    answer_ = client.post(
        f"/werkkracht/bevraging/{survey_id}/{action}", data={"aantal": "5", "csrf_token": token}
    )
    assert answer_.status_code == (303 if who == "nobody" else 403)
    assert service.get_survey(container.unit_of_work(), ADMIN, survey_id) == before


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("path", ["", "/resultaten"])
def test_the_api_answers_only_the_own_organisation_and_administrators(
    world: tuple[Container, FastAPI, int], who: str, path: str
) -> None:
    _, _, survey_id = world
    answer_ = _api_client(world, who).get(f"/api/v1/werkkracht/bevragingen/{survey_id}{path}")
    expected = 200 if who in ALLOWED else 401 if who == "nobody" else 403
    assert answer_.status_code == expected
    if expected == 200 and path:
        assert answer_.json()["shown"] is True


@pytest.mark.parametrize("who", ["nobody", "other", "analyst"])
def test_strangers_make_no_links_through_the_api(
    world: tuple[Container, FastAPI, int], who: str
) -> None:
    container, _, survey_id = world
    before = service.get_survey(container.unit_of_work(), ADMIN, survey_id)
    client = _api_client(world, who)
    made = client.post(f"/api/v1/werkkracht/bevragingen/{survey_id}/links", json={"count": 2})
    assert made.status_code == (401 if who == "nobody" else 403)
    opened = client.post("/api/v1/werkkracht/bevragingen", json={"organisation": "Vzw De Brug"})
    assert opened.status_code == (401 if who == "nobody" else 403)
    assert service.get_survey(container.unit_of_work(), ADMIN, survey_id) == before
    assert len(service.list_surveys(container.unit_of_work(), ADMIN)) == 1
