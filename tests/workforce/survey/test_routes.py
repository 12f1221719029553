"""The survey's pages and API: open, download links, answer anonymously, close, read results."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accounts.builders import post_form, signed_in_client
from krapte.bootstrap import Container, bootstrap, initialise
from krapte.settings import Settings
from krapte.web.app import create_app
from workforce.survey.builders import ORGANISATION
from workforce.survey.web import ORG_EMAIL, add_people, answer_link, api_client

HOME = "/werkkracht/bevraging"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    container = bootstrap(Settings(home=tmp_path_factory.mktemp("bevraging")))
    initialise(container)  # the data hub's werkbaarheid figures
    add_people(container)
    yield container
    container.store.dispose()


@pytest.fixture
def org(site: Container) -> TestClient:
    return signed_in_client(create_app(site), ORG_EMAIL)


@pytest.fixture
def anonymous(site: Container) -> TestClient:
    return TestClient(create_app(site), follow_redirects=False)


def _open(client: TestClient, title: str = "Voorjaar 2027") -> str:
    answer = post_form(client, HOME, {"organisatie": ORGANISATION, "titel": title}, token_from=HOME)
    assert answer.status_code == 303
    return answer.headers["location"].split("?")[0]


def _links(client: TestClient, survey: str, count: int) -> list[str]:
    answer = post_form(client, f"{survey}/links", {"aantal": str(count)}, token_from=survey)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    return [row["link"] for row in rows]


def test_an_organisation_opens_a_survey_and_downloads_one_time_links(org: TestClient) -> None:
    survey = _open(org)
    page = org.get(f"{survey}?gedaan=geopend")
    assert "De bevraging is geopend" in page.text
    assert "Voorjaar 2027" in page.text
    links = _links(org, survey, 3)
    assert len(set(links)) == 3
    assert all(link.startswith("http://testserver/bevraging/") for link in links)
    assert "3 aangemaakt, 0 gebruikt" in org.get(survey).text


def test_a_link_shows_the_form_once_and_then_a_clear_used_page(
    org: TestClient, anonymous: TestClient
) -> None:
    link = _links(org, _open(org), 1)[0]
    path = link.removeprefix("http://testserver")
    form = anonymous.get(path)
    assert form.status_code == 200
    assert "Hoe vaak voel je je door je werk gespannen" in form.text
    assert ORGANISATION in form.text
    assert 'content="no-referrer"' in form.text
    assert form.headers["cache-control"] == "no-store"
    sent = answer_link(anonymous, link)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/bevraging/bedankt"
    assert "Bedankt" in anonymous.get("/bevraging/bedankt").text
    again = anonymous.get(path)
    assert again.status_code == 409
    assert again.headers["cache-control"] == "no-store"
    assert "al gebruikt" in again.text


def test_an_unknown_link_gets_a_dutch_page(anonymous: TestClient) -> None:
    page = anonymous.get("/bevraging/bestaat-niet")
    assert page.status_code == 404
    assert "Deze link werkt niet" in page.text


def test_the_public_form_refuses_a_post_without_csrf_token(
    org: TestClient, anonymous: TestClient
) -> None:
    link = _links(org, _open(org), 1)[0]
    answer = anonymous.post(link.removeprefix("http://testserver"), data={"work_stress": "1"})
    assert answer.status_code == 403
    assert answer_link(anonymous, link).status_code == 303  # the link was not used up


def test_an_unanswered_question_is_shown_beside_it_and_nothing_is_stored(
    org: TestClient, anonymous: TestClient
) -> None:
    survey = _open(org)
    link = _links(org, survey, 1)[0]
    answer = answer_link(anonymous, link, autonomy="")
    assert answer.status_code == 422
    assert 'id="fout-autonomy"' in answer.text
    assert 'value="1" checked' in answer.text  # the other answers stay ticked
    assert "0 gebruikt" in org.get(survey).text


def test_nine_answers_give_no_results_and_ten_do_after_closing(
    org: TestClient, anonymous: TestClient
) -> None:
    survey = _open(org)
    links = _links(org, survey, 10)
    for link in links[:9]:
        assert answer_link(anonymous, link, work_stress="3").status_code == 303
    post_form(org, f"{survey}/sluiten", token_from=survey)
    page = org.get(f"{survey}/resultaten")
    assert "nog te weinig antwoorden" in page.text
    assert 'id="resultaten"' not in page.text
    assert (
        org.get(f"/api/v1{survey.replace(HOME, '/werkkracht/bevragingen')}/resultaten").json()[
            "shown"
        ]
        is False
    )

    second = _open(org, "tien")
    links = _links(org, second, 10)
    for number, link in enumerate(links):
        answer_link(anonymous, link, work_stress="3" if number < 4 else "0")
    assert "de bevraging loopt nog" in org.get(f"{second}/resultaten").text
    post_form(org, f"{second}/sluiten", token_from=second)
    page = org.get(f"{second}/resultaten")
    assert 'id="resultaten"' in page.text
    assert "40,0%" in page.text  # 4 of 10
    assert "39,9%" in page.text  # the sector's work stress, 2023
    chart = org.get(f"{second}/resultaten.svg")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in chart.content


def test_a_closed_survey_makes_no_links_and_its_links_say_so(
    org: TestClient, anonymous: TestClient
) -> None:
    survey = _open(org)
    link = _links(org, survey, 1)[0]
    post_form(org, f"{survey}/sluiten", token_from=survey)
    refused = post_form(org, f"{survey}/links", {"aantal": "2"}, token_from=HOME)
    assert refused.status_code == 409
    assert "afgesloten" in refused.text
    page = anonymous.get(link.removeprefix("http://testserver"))
    assert page.status_code == 409
    assert "afgesloten" in page.text


def test_the_api_opens_makes_links_closes_and_reports(
    site: Container, org: TestClient, anonymous: TestClient
) -> None:
    api = api_client(org.app, site, ORG_EMAIL)
    made = api.post("/api/v1/werkkracht/bevragingen", json={"organisation": ORGANISATION})
    assert made.status_code == 201
    sid = made.json()["survey_id"]
    links = api.post(f"/api/v1/werkkracht/bevragingen/{sid}/links", json={"count": 10})
    assert links.status_code == 201
    for link in links.json()["links"]:
        answer_link(anonymous, link)
    assert api.get(f"/api/v1/werkkracht/bevragingen/{sid}").json()["responses"] == 10
    closed = api.post(f"/api/v1/werkkracht/bevragingen/{sid}/sluiten")
    assert closed.json()["closed"] is True
    found = api.get(f"/api/v1/werkkracht/bevragingen/{sid}/resultaten").json()
    assert found["shown"] is True
    stress = found["questions"][0]
    assert (stress["key"], stress["share"], stress["sector"]["value"]) == ("work_stress", 0.0, 39.9)
    assert sid in [
        s["survey_id"] for s in api.get("/api/v1/werkkracht/bevragingen").json()["surveys"]
    ]


def test_the_overview_shows_a_problem_beside_the_organisation_field(site: Container) -> None:
    admin = signed_in_client(create_app(site), "beheer@krapte.be")
    answer = post_form(admin, HOME, {"organisatie": " "}, token_from=HOME)
    assert answer.status_code == 422
    assert 'id="fout-organisation"' in answer.text
