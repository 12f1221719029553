"""The dashboard page, its charts and the indicators API, over a small store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import EXPORT_ROWS, EXPORT_VALUES, series, write_package, write_rows
from krapte.bootstrap import Container, bootstrap
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.importer import ImportOptions
from krapte.datahub.import_service import import_file
from krapte.datahub.service import load_bundle
from krapte.formatting import number
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.site import forget_versions

GRADUAAT = series([2022, 2023, 2024], [2320, 2435, 2742], level="graduaat", programme="")
INSTITUTIONS = series([2024], [971], level="bachelor", programme="sw", institution="HOGENT")
REFERENCES = {
    "institutions": [
        {"name": "HOGENT", "kind": "hogeschool", "campus_city": "Gent",
         "province": "Oost-Vlaanderen", "note": ""}
    ]
}  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, Container]]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"))
    container.store.initialise()
    package = write_package(
        tmp_path / "pkg", {"inschrijvingen": GRADUAAT + INSTITUTIONS}, REFERENCES
    )
    load_bundle(container.unit_of_work(write=True), load_package(package))
    forget_versions()
    with TestClient(create_app(container)) as client:
        yield client, container
    container.store.dispose()


def test_dashboard_shows_the_latest_value_its_change_and_source(
    site: tuple[TestClient, Container],
) -> None:
    page = site[0].get("/")
    assert page.status_code == 200
    assert 'aria-current="page">Dashboard' in page.text
    latest, before = GRADUAAT[-1].value, GRADUAAT[-2].value
    assert number(latest) in page.text  # 2.742, Flemish notation
    assert f"+{number(latest - before)} (+{number((latest - before) / before * 100, 1)}%)" in (
        page.text
    )
    assert "Rapport, sectie 4.1.1." in page.text
    assert 'src="/grafieken/kerncijfers/inschrijvingen-graduaat.svg"' in page.text
    assert "/cijfers?dataset=inschrijvingen&amp;measure=inschrijvingen&amp;level=graduaat" in (
        page.text
    )


def test_dashboard_has_the_province_view_with_a_chart_and_table(
    site: tuple[TestClient, Container],
) -> None:
    page = site[0].get("/").text
    assert "Per provincie" in page
    assert 'src="/grafieken/provincies/inschrijvingen.svg"' in page
    assert "Oost-Vlaanderen" in page
    assert number(INSTITUTIONS[0].value) in page


def test_charts_are_svg_with_an_etag(site: tuple[TestClient, Container]) -> None:
    client = site[0]
    chart = client.get("/grafieken/kerncijfers/inschrijvingen-graduaat.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    again = client.get(
        "/grafieken/kerncijfers/inschrijvingen-graduaat.svg",
        headers={"if-none-match": chart.headers["etag"]},
    )
    assert again.status_code == 304
    assert client.get("/grafieken/provincies/inschrijvingen.svg").status_code == 200
    assert client.get("/grafieken/kerncijfers/bestaat-niet.svg").status_code == 404


def test_indicators_api_gives_every_figure_with_its_series(
    site: tuple[TestClient, Container],
) -> None:
    body = site[0].get("/api/v1/indicators").json()
    figure = next(f for f in body["figures"] if f["key"] == "inschrijvingen-graduaat")
    assert [p["value"] for p in figure["points"]] == [o.value for o in GRADUAAT]
    assert figure["change"] == GRADUAAT[-1].value - GRADUAAT[-2].value
    assert (figure["section"], figure["version"]) == ("4.1.1", 1)
    assert body["tension"] == []


def test_provinces_api_filters_by_level_and_bounds_its_parameters(
    site: tuple[TestClient, Container],
) -> None:
    client = site[0]
    rows = client.get("/api/v1/indicators/provinces?level=bachelor").json()["figures"]
    assert rows == [
        {"dataset": "inschrijvingen", "province": "Oost-Vlaanderen", "level": "bachelor",
         "year": 2024, "value": INSTITUTIONS[0].value}
    ]  # fmt: skip
    assert client.get("/api/v1/indicators/provinces?level=master").json()["figures"] == []
    assert client.get("/api/v1/indicators/provinces?year=99999").status_code == 422


def test_an_import_shows_new_figures_on_the_dashboard(
    site: tuple[TestClient, Container], tmp_path: Path
) -> None:
    client, container = site
    assert client.get("/api/v1/indicators").json()["figures"][0]["latest"]["value"] == 2742
    export = write_rows(tmp_path / "export.csv", EXPORT_ROWS)
    options = ImportOptions(dataset="inschrijvingen", measure="inschrijvingen", level="graduaat")
    import_file(container.unit_of_work(write=True), export, options, remove_missing=True)
    forget_versions()
    body = client.get("/api/v1/indicators").json()
    figure = next(f for f in body["figures"] if f["key"] == "inschrijvingen-graduaat")
    newest = max(period for (_, _, period) in EXPORT_VALUES)
    assert figure["latest"] == {"label": newest, "value": EXPORT_VALUES[("", "", newest)]}
    assert figure["version"] == 2
    assert number(EXPORT_VALUES[("", "", "2021")]) in client.get("/").text
