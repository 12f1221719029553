"""The explorer's pages, downloads and API, through FastAPI's TestClient."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from datahub.explorer_builders import DATASET, fill
from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app

SECRET_PATH = "/home/an/geheim/export.csv"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"))
    container.store.initialise()
    fill(container, origin=f"import:{SECRET_PATH}")
    with TestClient(create_app(container)) as test_client:
        yield test_client
    container.store.dispose()


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def test_the_page_shows_the_wide_table_with_flemish_numbers_and_its_source(
    client: TestClient,
) -> None:
    page = client.get(f"/cijfers?dataset={DATASET}&measure=inschrijvingen")
    assert page.status_code == 200
    assert "1.330" in page.text  # HOGENT 2024
    assert '<th scope="col" aria-sort="none" class="num"><a href="/cijfers?dataset=' in page.text
    assert page.text.count("Bron: Dataloep 2025") == 1  # the source once, not in every row
    assert '<img src="/cijfers/grafiek.svg?dataset=inschrijvingen&amp;measure=inschrijvingen"' in (
        page.text
    )
    assert "Dit is de huidige versie." in page.text


def test_the_url_is_the_permalink_of_every_choice(client: TestClient) -> None:
    url = (
        f"/cijfers?dataset={DATASET}&province=Antwerpen&view=long&sort=value&order=desc&page_size=2"
    )
    page = client.get(url)
    assert '<option value="Antwerpen" selected>' in page.text
    assert '<option value="long" selected>' in page.text
    following = next(link for link in links(page.text) if "page=2" in link)
    assert following == (
        "/cijfers?dataset=inschrijvingen&province=Antwerpen&view=long&sort=value&order=desc"
        "&page=2&page_size=2"
    )
    assert client.get(following).status_code == 200


def test_a_sorted_column_header_links_to_the_other_direction(client: TestClient) -> None:
    page = client.get(f"/cijfers?dataset={DATASET}&view=long&sort=value")
    assert 'aria-sort="ascending"' in page.text
    assert f"/cijfers?dataset={DATASET}&view=long&sort=value&order=desc" in links(page.text)


def test_the_csv_download_is_exactly_the_selection_over_all_pages(client: TestClient) -> None:
    query = f"dataset={DATASET}&measure=inschrijvingen&sort=value&order=desc"
    download = client.get(f"/cijfers.csv?{query}&view=long&page=2&page_size=2")
    assert download.headers["content-disposition"] == (
        'attachment; filename="krapte-inschrijvingen-versie-1.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    api = client.get(f"/api/v1/observations?{query}&page_size=500").json()
    assert len(rows) == api["total"] == 10
    assert [float(row["value"]) for row in rows] == [o["value"] for o in api["observations"]]
    assert [row["province"] for row in rows] == [o["province"] for o in api["observations"]]
    assert "'=ander totaal" in [row["note"] for row in rows]  # no formula runs in a spreadsheet


def test_the_xlsx_download_opens_with_the_same_rows(client: TestClient) -> None:
    download = client.get(f"/cijfers.xlsx?dataset={DATASET}&province=Antwerpen")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("dataset", "measure", "period")
    assert sorted(row[header.index("value")] for row in rows[1:]) == [80.5, 100, 110, 200, 220]


def test_a_grouped_download_holds_the_sums(client: TestClient) -> None:
    download = client.get(f"/cijfers.csv?dataset={DATASET}&measure=inschrijvingen&group=province")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows == [
        ["province", "value", "figures"],
        ["Antwerpen", "630", "4"],
        ["Limburg", "50", "1"],
        ["Oost-Vlaanderen", "2630", "2"],
    ]


def test_the_chart_is_an_svg_of_the_selection(client: TestClient) -> None:
    chart = client.get(f"/cijfers/grafiek.svg?dataset={DATASET}&measure=inschrijvingen")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "Inschrijvingen: inschrijvingen, 2023–2024" in chart.text
    assert "HOGENT" in chart.text


def test_percentages_are_not_summed_and_the_page_says_why(client: TestClient) -> None:
    page = client.get(f"/cijfers?dataset={DATASET}&measure=aandeel_vrouwen&group=period")
    assert page.status_code == 422
    assert "alleen aantallen kun je optellen" in page.text
    assert '<form class="explorer-filters"' in page.text  # the form stays, to fix the choice


def test_a_bad_parameter_names_the_field_in_dutch(client: TestClient) -> None:
    page = client.get(f"/cijfers?dataset={DATASET}&page=nul")
    assert page.status_code == 422
    assert (
        "<strong>Pagina</strong>: moet een geheel getal van 1 tot en met 100.000 zijn" in page.text
    )
    api = client.get(f"/api/v1/observations?dataset={DATASET}&page_size=501")
    assert api.status_code == 422
    assert api.json()["detail"] == "Ongeldige waarde voor: page_size."


def test_an_unknown_dataset_is_a_dutch_404_on_page_and_api(client: TestClient) -> None:
    page = client.get("/cijfers?dataset=bestaatniet")
    assert page.status_code == 404
    assert "Onbekende dataset: bestaatniet." in page.text
    api = client.get("/api/v1/datasets/bestaatniet")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"


def test_the_api_lists_versions_with_the_current_marked_and_no_server_path(
    client: TestClient,
) -> None:
    detail = client.get(f"/api/v1/datasets/{DATASET}").json()
    assert [(v["version"], v["current"]) for v in detail["versions"]] == [(1, True)]
    assert detail["versions"][0]["origin"] == "import:export.csv"
    assert detail["dimensions"]["province"] == ["Antwerpen", "Limburg", "Oost-Vlaanderen"]
    for url in (f"/cijfers?dataset={DATASET}", f"/api/v1/datasets/{DATASET}", "/datasets.json"):
        assert SECRET_PATH not in client.get(url).text
        assert "/home/an" not in client.get(f"/datasets/{DATASET}.json").text


def test_the_api_pages_tidy_rows_with_english_keys(client: TestClient) -> None:
    first = client.get(f"/api/v1/observations?dataset={DATASET}&page_size=4").json()
    assert (first["total"], first["pages"], len(first["observations"])) == (11, 3, 4)
    assert set(first["observations"][0]) >= {"measure", "period", "province", "value", "table"}
    listing = client.get("/api/v1/datasets").json()
    assert [(d["name"], d["rows"]) for d in listing] == [(DATASET, 11)]


def test_the_api_is_described_in_the_openapi_document(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    observations = document["paths"]["/api/v1/observations"]["get"]
    assert observations["summary"] == "Cijfers van een dataset, gefilterd en per pagina"
    size = next(p for p in observations["parameters"] if p["name"] == "page_size")
    assert size["schema"]["maximum"] == 500
    assert "/cijfers" not in document["paths"]
