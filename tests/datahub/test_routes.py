"""The data hub's pages: Dutch HTML and the same content as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import series, write_package
from krapte.bootstrap import bootstrap
from krapte.datahub.core.bundle import load_package
from krapte.datahub.routes.api import NOT_BLANK
from krapte.datahub.service import load_bundle
from krapte.settings import Settings
from krapte.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"))
    container.store.initialise()
    rows = series([2020, 2021], [1661, 1846], level="graduaat", programme="maatschappelijk werk")
    package = load_package(write_package(tmp_path / "pkg", {"inschrijvingen": rows}))
    load_bundle(container.unit_of_work(write=True), package)
    with TestClient(create_app(container)) as test_client:
        yield test_client
    container.store.dispose()


def test_about_page_lists_datasets_in_dutch(client: TestClient) -> None:
    page = client.get("/over")
    assert page.status_code == 200
    assert '<html lang="nl-BE">' in page.text
    assert "Datasets" in page.text
    assert 'href="/datasets/inschrijvingen"' in page.text


def test_every_page_is_also_json(client: TestClient) -> None:
    listing = client.get("/datasets.json").json()
    assert [(d["name"], d["rows"], d["releases"]) for d in listing] == [("inschrijvingen", 2, 1)]
    detail = client.get("/datasets/inschrijvingen.json").json()
    assert [o["value"] for o in detail["observations"]] == [1661, 1846]
    assert detail["release"]["version"] == 1


def test_dataset_page_is_the_explorer_filtered_on_that_dataset(client: TestClient) -> None:
    response = client.get("/datasets/inschrijvingen", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/cijfers?dataset=inschrijvingen"
    page = client.get("/datasets/inschrijvingen")
    assert "1.661" in page.text
    assert "sectie 4.1.1" in page.text


def test_dataset_json_pages_its_figures(client: TestClient) -> None:
    first = client.get("/datasets/inschrijvingen.json?page_size=1").json()
    second = client.get("/datasets/inschrijvingen.json?page_size=1&page=2").json()
    assert (first["total"], first["page"]) == (2, 1)
    assert [o["value"] for o in first["observations"] + second["observations"]] == [1661, 1846]


def test_unknown_dataset_is_404_with_dutch_message(client: TestClient) -> None:
    response = client.get("/datasets/bestaatniet.json")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Onbekende dataset: bestaatniet.",
        "error": "not_found",
    }


def test_unknown_page_is_a_dutch_html_page(client: TestClient) -> None:
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden." in response.text


def test_unknown_dataset_page_is_html_not_json(client: TestClient) -> None:
    response = client.get("/datasets/bestaatniet")
    assert response.status_code == 404
    assert "Onbekende dataset: bestaatniet." in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_missing_release_names_the_version(client: TestClient) -> None:
    response = client.get("/datasets/inschrijvingen.json?release=99")
    assert response.status_code == 404
    assert response.json()["detail"] == "Versie 99 van dataset inschrijvingen bestaat niet."


@pytest.mark.parametrize("release", ["2147483648", "99999999999999999999999"])
def test_a_release_beyond_the_integer_range_is_404_not_500(
    client: TestClient, release: str
) -> None:
    response = client.get(f"/datasets/inschrijvingen.json?release={release}")
    assert response.status_code == 404
    assert "bestaat niet" in response.json()["detail"]


def test_invalid_parameter_is_explained_in_dutch(client: TestClient) -> None:
    response = client.get("/datasets/inschrijvingen.json?release=abc")
    assert response.status_code == 422
    assert response.json() == {"detail": "Ongeldige waarde voor: release."}


def test_an_empty_store_is_503_and_tells_the_visitor_who_can_help(tmp_path: Path) -> None:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'leeg.db'}"))
    with TestClient(create_app(container)) as empty:
        page = empty.get("/")
        assert page.status_code == 503
        assert "Vraag de beheerder" in page.text
        assert "krapte init" not in page.text  # visitors get no shell commands
        assert empty.get("/datasets.json").json()["error"] == "not_initialised"
    assert not (tmp_path / "leeg.db").exists()  # a page never creates the database


def test_a_dataset_name_of_blank_or_control_characters_is_refused_as_the_schema_says(
    client: TestClient,
) -> None:
    """Python reads \\x1f as blank where ECMA's \\S does not: the pattern excludes both."""
    for url in ("/api/v1/datasets/%1F", "/api/v1/observations?dataset=%1F%C2%85"):
        answer = client.get(url)
        assert answer.status_code == 422
        assert answer.json()["detail"] in (
            "Ongeldige waarde voor: name.",
            "Ongeldige waarde voor: dataset.",
        )
    pattern = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/datasets/{name}"]
    assert pattern["get"]["parameters"][0]["schema"]["pattern"] == NOT_BLANK
