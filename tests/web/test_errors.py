"""The web's one error handler: every KrapteError as a Dutch page or JSON, no stack ever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from krapte.bootstrap import bootstrap
from krapte.errors import Conflict, InvalidInput, NotFound, Problem, StillComputing
from krapte.settings import Settings
from krapte.web.app import create_app
from logs import collected_log, lines

router = APIRouter()


@router.get("/probe/{kind}")
def probe(kind: str) -> None:
    if kind == "invalid":
        raise InvalidInput(
            [Problem("geen getal: 'veel'", file="studenten.csv", row=3, field="study_year")]
        )
    if kind == "conflict":
        raise Conflict("ronde 'voorjaar' bestaat al")
    if kind == "missing":
        raise NotFound("ronde 'najaar' bestaat niet")
    if kind == "computing":
        raise StillComputing("de prognose wordt berekend", retry_after_s=7)
    raise RuntimeError("/srv/krapte/secret.py: boom")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}")))
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("invalid", 422, "invalid_input"),
        ("conflict", 409, "conflict"),
        ("missing", 404, "not_found"),
        ("computing", 503, "computing"),
    ],
)
def test_each_kind_of_error_has_its_status_and_code(
    client: TestClient, kind: str, status: int, code: str
) -> None:
    response = client.get(f"/probe/{kind}", headers={"accept": "application/json"})
    assert response.status_code == status
    assert response.json()["error"] == code


def test_a_result_still_being_computed_says_when_to_ask_again(client: TestClient) -> None:
    response = client.get("/probe/computing")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert "wordt berekend" in response.text


def test_bad_input_lists_file_row_and_field(client: TestClient) -> None:
    body = client.get("/probe/invalid", headers={"accept": "application/json"}).json()
    assert body["problems"] == [
        {"file": "studenten.csv", "row": 3, "field": "study_year", "message": "geen getal: 'veel'"}
    ]
    page = client.get("/probe/invalid")
    assert "studenten.csv, rij 3, kolom 'study_year': geen getal" in page.text


def test_an_unexpected_error_shows_no_stack_and_no_server_path(client: TestClient) -> None:
    page = client.get("/probe/boom")
    assert page.status_code == 500
    assert "Er ging iets mis op de server" in page.text
    assert "secret.py" not in page.text
    assert "Traceback" not in page.text


def test_an_unexpected_error_is_logged_with_its_route_template_not_its_path(
    client: TestClient,
) -> None:
    with collected_log() as log:
        answer = client.get("/probe/boom-anna@odisee.test")
    [line] = [entry for entry in lines(log) if entry["message"] == "unexpected error"]
    assert line["route"] == "/probe/{kind}"
    assert line["request_id"] == answer.headers["x-request-id"]
    assert "anna@odisee.test" not in log.getvalue()
