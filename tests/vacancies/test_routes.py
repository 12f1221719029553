"""The vacancy pages: publish through the form, find it with JSON-LD, apply, answer, access."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.builders import make_user, post_form, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.vacancies import service
from krapte.vacancies.core.jsonld import REQUIRED
from krapte.vacancies.routes import cache
from krapte.web.app import create_app
from vacancies.builders import (
    ORGANISATION,
    ORGANISATION_USER,
    OTHER,
    publish,
    store_classification,
)

ORG_MAIL = "org@debrug.be"
OTHER_MAIL = "org@cawoost.be"
APPLICANT_MAIL = "sara@voorbeeld.be"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"))
    container.store.initialise()
    store_classification(container)
    make_user(container, ORG_MAIL, Role.ORGANISATION, organisations=[ORGANISATION])
    make_user(container, OTHER_MAIL, Role.ORGANISATION, organisations=[OTHER])
    yield container
    container.store.dispose()


@pytest.fixture
def visitor(store: Container) -> TestClient:
    return TestClient(create_app(store), follow_redirects=False)


def _form(**changes: str) -> dict[str, str | list[str]]:
    fields: dict[str, str | list[str]] = {
        "organisation": ORGANISATION,
        "title": "Maatschappelijk werker (m/v/x)",
        "classification": "maatschappelijk werker|maatschappelijk werk|bachelor",
        "accepted_diplomas": ["maatschappelijk assistent"],
        "municipality": "Leuven",
        "sector": "jeugdhulp",
        "hours": "30,4",
        "contract": "vast",
        "description": "Je werkt met jongeren en hun gezin.",
        "closes_on": (date.today() + timedelta(days=20)).isoformat(),
    }
    fields.update(changes)
    return fields


def test_organisation_publishes_and_the_vacancy_is_found_with_job_posting(
    store: Container, visitor: TestClient
) -> None:
    client = signed_in_client(create_app(store), ORG_MAIL)
    answer = post_form(client, "/account/vacatures/nieuw", _form())
    assert answer.status_code == 303
    search = visitor.get("/vacatures", params={"regio": "Vlaams-Brabant", "uren": "deeltijds"})
    assert "Maatschappelijk werker (m/v/x)" in search.text
    vacancy_id = int(re.findall(r'href="/vacatures/(\d+)"', search.text)[0])
    page = visitor.get(f"/vacatures/{vacancy_id}")
    posting = json.loads(JSONLD.findall(page.text)[0])
    assert [name for name in REQUIRED if not posting.get(name)] == []
    assert posting["@type"] == "JobPosting"
    assert posting["employmentType"] == ["PART_TIME"]
    assert posting["jobLocation"]["address"]["addressLocality"] == "Leuven"
    assert posting["hiringOrganization"]["name"] == ORGANISATION
    assert set(posting["alternateName"]) == {"sociaal werker", "maatschappelijk assistent"}
    assert posting["url"].endswith(f"/vacatures/{vacancy_id}")
    sitemap = visitor.get("/sitemap.xml")
    assert f"/vacatures/{vacancy_id}</loc>" in sitemap.text
    region = visitor.get("/vacatures/regio/vlaams-brabant")
    assert "Maatschappelijk werker (m/v/x)" in region.text
    feed = visitor.get("/vacatures/regio/vlaams-brabant/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert f"/vacatures/{vacancy_id}" in feed.text
    assert "Maatschappelijk werker (m/v/x)" not in visitor.get("/vacatures/regio/limburg").text


def test_a_vacancy_without_classification_comes_back_with_a_dutch_error(store: Container) -> None:
    client = signed_in_client(create_app(store), ORG_MAIL)
    answer = post_form(
        client, "/account/vacatures/nieuw", _form(classification="", municipality="Lueven")
    )
    assert answer.status_code == 422
    assert "zonder classificatie" in answer.text
    assert "Leuven" in answer.text  # the suggestion for the misspelt municipality
    assert service.search(store.unit_of_work(), service.Search()).total == 0


def test_an_expired_vacancy_leaves_search_sitemap_and_feed(
    store: Container, visitor: TestClient
) -> None:
    old = publish(
        store,
        posted_on=date.today() - timedelta(days=30),
        closes_on=(date.today() - timedelta(days=2)).isoformat(),
    )
    assert f"/vacatures/{old.id}" not in visitor.get("/vacatures").text
    assert f"/vacatures/{old.id}<" not in visitor.get("/sitemap.xml").text
    assert (
        f"/vacatures/{old.id}" not in visitor.get("/vacatures/regio/oost-vlaanderen/feed.atom").text
    )
    page = visitor.get(f"/vacatures/{old.id}")
    assert "afgesloten" in page.text
    assert "application/ld+json" not in page.text


def test_visitor_applies_and_only_the_owning_organisation_sees_and_answers(
    store: Container, visitor: TestClient
) -> None:
    vacancy = publish(store)
    form_page = visitor.get(f"/vacatures/{vacancy.id}/solliciteren").text
    token = re.findall(r'name="csrf_token" value="([^"]+)"', form_page)[0]
    sent = visitor.post(
        f"/vacatures/{vacancy.id}/solliciteren",
        data={"name": "Sara", "email": APPLICANT_MAIL, "consent": "ja", "csrf_token": token},
    )
    assert sent.status_code == 303
    assert APPLICANT_MAIL not in visitor.get(f"/vacatures/{vacancy.id}").text
    other = signed_in_client(create_app(store), OTHER_MAIL)
    refused = other.get("/account/vacatures/sollicitaties", params={"organisatie": ORGANISATION})
    assert refused.status_code == 403
    assert APPLICANT_MAIL not in refused.text
    application_id = service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION)[
        0
    ].id
    answer_url = f"/account/vacatures/sollicitaties/{application_id}/antwoord"
    assert post_form(other, answer_url, {"antwoord": "Nee"}).status_code == 403
    owner = signed_in_client(create_app(store), ORG_MAIL)
    mine = owner.get("/account/vacatures/sollicitaties")
    assert APPLICANT_MAIL in mine.text
    assert mine.headers["cache-control"] == "no-store"
    assert post_form(owner, answer_url, {"antwoord": "Welkom op gesprek"}).status_code == 303
    stored = service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION)[0]
    assert stored.answer == "Welkom op gesprek"
    assert "Welkom op gesprek" in owner.get("/account/vacatures/sollicitaties").text


def test_a_visitor_cannot_reach_the_organisation_pages(visitor: TestClient) -> None:
    for path in (
        "/account/vacatures",
        "/account/vacatures/nieuw",
        "/account/vacatures/sollicitaties",
    ):
        answer = visitor.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/aanmelden")


def test_search_sitemap_and_api_show_a_new_and_a_withdrawn_vacancy_within_a_second(
    store: Container, visitor: TestClient
) -> None:
    paths = ("/vacatures", "/sitemap.xml", "/api/v1/vacancies", "/vacatures/regio/oost-vlaanderen")
    before = {path: visitor.get(path).text for path in paths}
    vacancy = publish(store, title="Nieuw (m/v/x)")
    cache.forget()  # as a second passing does: the vacancies' version is read again
    for path in paths:
        assert f"/vacatures/{vacancy.id}" in visitor.get(path).text, path
    service.withdraw(store.unit_of_work(write=True), ORGANISATION_USER, vacancy.id)
    cache.forget()
    for path in paths:
        assert f"/vacatures/{vacancy.id}" not in visitor.get(path).text, path
    assert all(f"/vacatures/{vacancy.id}" not in text for text in before.values())


def test_forms_without_their_csrf_token_are_refused(store: Container) -> None:
    vacancy = publish(store)
    owner = signed_in_client(create_app(store), ORG_MAIL)
    assert owner.post("/account/vacatures/nieuw", data=_form()).status_code == 403
    assert owner.post(f"/account/vacatures/{vacancy.id}/intrekken").status_code == 403
    anonymous = TestClient(create_app(store), follow_redirects=False)
    applied = anonymous.post(
        f"/vacatures/{vacancy.id}/solliciteren",
        data={"name": "Sara", "email": APPLICANT_MAIL, "consent": "ja"},
    )
    assert applied.status_code == 403
    assert service.search(store.unit_of_work(), service.Search()).total == 1
    assert service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION) == []


def test_an_application_from_a_job_fair_link_is_counted_for_that_fair(
    store: Container, visitor: TestClient
) -> None:
    vacancy = publish(store)
    page = visitor.get(f"/vacatures/{vacancy.id}", params={"jobbeurs": "7"}).text
    assert f'href="/vacatures/{vacancy.id}/solliciteren?jobbeurs=7"' in page
    form_page = visitor.get(f"/vacatures/{vacancy.id}/solliciteren?jobbeurs=7").text
    assert 'name="jobbeurs" value="7"' in form_page
    token = re.findall(r'name="csrf_token" value="([^"]+)"', form_page)[0]
    sent = visitor.post(
        f"/vacatures/{vacancy.id}/solliciteren",
        data={
            "name": "Sara",
            "email": APPLICANT_MAIL,
            "consent": "ja",
            "jobbeurs": "7",
            "csrf_token": token,
        },
    )
    assert sent.status_code == 303
    assert service.applications_from_fair(store.unit_of_work(), 7) == {ORGANISATION: 1}
    assert service.applications_from_fair(store.unit_of_work(), 8) == {}
