"""The vacancies' JSON API: public search and detail, publishing and answering with a token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.builders import make_user
from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.vacancies import service
from krapte.vacancies.core.application import ApplicationForm
from krapte.vacancies.core.jsonld import REQUIRED
from krapte.web.app import create_app
from vacancies.builders import ORGANISATION, OTHER, store_classification

APPLICANT_MAIL = "sara@voorbeeld.be"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}"))
    container.store.initialise()
    store_classification(container)
    yield container
    container.store.dispose()


def _token_client(store: Container, email: str, organisation: str) -> TestClient:
    user = make_user(store, email, Role.ORGANISATION, organisations=[organisation])
    made = accounts.create_api_token(store.unit_of_work(write=True), user.actor(), "test")
    return TestClient(create_app(store), headers={"authorization": f"Bearer {made.secret}"})


def _body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "organisation": ORGANISATION,
        "title": "Sociaal werker",
        "occupation": "sociaal werker",
        "specialisation": "",
        "level": "master",
        "municipality": "Brugge",
        "sector": "ouderenzorg",
        "hours": 38,
        "contract": "bepaalde-duur",
        "description": "Je bouwt mee aan een sociale dienst.",
        "closes_on": (date.today() + timedelta(days=10)).isoformat(),
    }
    body.update(changes)
    return body


def test_publish_search_and_read_through_the_api(store: Container) -> None:
    client = _token_client(store, "org@debrug.be", ORGANISATION)
    made = client.post("/api/v1/vacancies", json=_body())
    assert made.status_code == 201, made.text
    assert any("(m/v/x)" in warning for warning in made.json()["warnings"])
    assert made.json()["province"] == "West-Vlaanderen"
    public = TestClient(create_app(store))
    found = public.get(
        "/api/v1/vacancies", params={"region": "West-Vlaanderen", "hours": "full_time"}
    )
    assert [v["title"] for v in found.json()["vacancies"]] == ["Sociaal werker"]
    assert public.get("/api/v1/vacancies", params={"hours": "part_time"}).json()["total"] == 0
    detail = public.get(f"/api/v1/vacancies/{made.json()['id']}").json()
    assert [name for name in REQUIRED if not detail["job_posting"].get(name)] == []
    assert detail["job_posting"]["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    regions = {r["region"]: r["open"] for r in public.get("/api/v1/vacancies/regions").json()}
    assert regions["West-Vlaanderen"] == 1


def test_another_organisation_is_refused_and_nothing_is_stored(store: Container) -> None:
    client = _token_client(store, "org@cawoost.be", OTHER)
    assert client.post("/api/v1/vacancies", json=_body()).status_code == 403
    anonymous = TestClient(create_app(store))
    assert anonymous.post("/api/v1/vacancies", json=_body()).status_code in {401, 403}
    assert anonymous.get("/api/v1/vacancies").json()["total"] == 0


def test_a_bad_vacancy_gets_dutch_problems_by_field(store: Container) -> None:
    client = _token_client(store, "org@debrug.be", ORGANISATION)
    answer = client.post("/api/v1/vacancies", json=_body(level="graduaat", municipality="Brugg"))
    assert answer.status_code == 422
    fields = {problem["field"] for problem in answer.json()["problems"]}
    assert fields == {"occupation", "municipality"}


def test_applicants_appear_only_to_their_organisation(store: Container) -> None:
    owner = _token_client(store, "org@debrug.be", ORGANISATION)
    vacancy_id = owner.post("/api/v1/vacancies", json=_body()).json()["id"]
    form = ApplicationForm(name="Sara", email=APPLICANT_MAIL, consent=True)
    service.apply(store.unit_of_work(write=True), vacancy_id, form)
    public = TestClient(create_app(store))
    for path in (
        "/api/v1/vacancies",
        f"/api/v1/vacancies/{vacancy_id}",
        "/api/v1/vacancies/answer-times",
    ):
        assert APPLICANT_MAIL not in public.get(path).text
    other = _token_client(store, "org@cawoost.be", OTHER)
    refused = other.get(
        "/api/v1/account/vacancies/applications", params={"organisation": ORGANISATION}
    )
    assert refused.status_code == 403
    mine = owner.get(
        "/api/v1/account/vacancies/applications", params={"organisation": ORGANISATION}
    )
    assert [a["email"] for a in mine.json()] == [APPLICANT_MAIL]
    application_id = mine.json()[0]["id"]
    url = f"/api/v1/account/vacancies/applications/{application_id}/answer"
    assert other.post(url, json={"answer": "Nee"}).status_code == 403
    answered = owner.post(url, json={"answer": "Welkom"})
    assert answered.json()["answer"] == "Welkom"
    assert answered.json()["days_to_answer"] >= 0
