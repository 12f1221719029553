"""The forecast's pages and API: Dutch pages, chosen scenarios, CSV equal to the table."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from krapte.bootstrap import Container, bootstrap
from krapte.forecast import cache
from krapte.forecast.charts import colour
from krapte.forecast.core import scenarios
from krapte.formatting import number, percent
from krapte.settings import Settings
from krapte.web.app import create_app

DRAWS = 30
JSON = {"accept": "application/json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web")
    container = bootstrap(
        Settings(database_url=f"sqlite:///{folder / 'web.db'}", forecast_draws=DRAWS)
    )
    container.store.initialise()
    with TestClient(create_app(container)) as test_client:
        yield test_client
    container.store.dispose()


def table_rows(page: str) -> dict[str, str]:
    """The comparison table's rows by scenario name."""
    return dict(re.findall(r'<tr data-scenario="([a-z_]+)">(.*?)</tr>', page, re.S))


def medians(row: str) -> list[str]:
    """The figures of a table row: each cell's first line (the median, or the percentage)."""
    return [cell.split("<br>")[0] for cell in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]


def test_forecast_page_is_dutch_with_the_what_if_note(client: TestClient) -> None:
    page = client.get("/prognose")
    assert page.status_code == 200
    assert "<h1>Prognose</h1>" in page.text
    assert 'aria-current="page">Prognose' in page.text
    assert "Wat-als-scenario's, geen officiële prognose." in page.text
    assert f"over {DRAWS} trekkingen" in page.text
    assert set(table_rows(page.text)) == set(scenarios.builtin_names())


def test_chosen_scenarios_appear_and_no_others(client: TestClient) -> None:
    page = client.get("/prognose?scenario=onboarding_retentie&scenario=doorstroom_master").text
    assert list(table_rows(page)) == ["basis", "doorstroom_master", "onboarding_retentie"]
    assert 'value="onboarding_retentie" checked' in page
    assert 'value="graduaat_knelpuntopleiding">' in page
    query = "scenario=basis&amp;scenario=doorstroom_master&amp;scenario=onboarding_retentie"
    assert f'src="/prognose/tekort.svg?{query}&amp;regio=Vlaanderen"' in page
    assert f'src="/prognose/aanwervingsbehoefte.svg?{query}&amp;regio=Vlaanderen"' in page


def test_region_changes_the_figures_and_the_headings(client: TestClient) -> None:
    flanders = client.get("/prognose?scenario=basis").text
    limburg = client.get("/prognose?scenario=basis&regio=limburg").text
    assert "Scenario's vergeleken, Limburg tot 2035" in limburg
    assert medians(table_rows(flanders)["basis"]) != medians(table_rows(limburg)["basis"])


def test_csv_download_equals_the_comparison_table(client: TestClient) -> None:
    query = "scenario=stages_wervingskanaal&scenario=graduaat_knelpuntopleiding&regio=Antwerpen"
    page = table_rows(client.get(f"/prognose?{query}").text)
    download = client.get(f"/prognose/vergelijking.csv?{query}")
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [row["scenario"] for row in rows] == list(page)
    for row in rows:
        assert row["region"] == "Antwerpen"
        expected = [number(round(float(row[f"gap_{year}_median"]))) for year in (2025, 2030, 2035)]
        expected += [
            number(round(float(row["gap_closed_median"]))),
            percent(float(row["gap_closed_pct"]), 1),
            *(
                number(round(float(row[f"{key}_total_median"])))
                for key in ("hiring_need", "expansion_need", "replacement_need")
            ),
        ]
        assert medians(page[row["scenario"]]) == expected


def test_charts_are_svg_with_dutch_titles_in_the_scenarios_colours(client: TestClient) -> None:
    for chart in ("tekort", "aanwervingsbehoefte"):
        response = client.get(f"/prognose/{chart}.svg?scenario=onboarding_retentie")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert "Betere onboarding en retentie" in response.text
        assert "onboarding_retentie" not in response.text
        assert colour("onboarding_retentie") in response.text
        assert "Bron: krapte-prognose" in response.text
        assert "role-legend" in response.text


def test_scenario_page_shows_its_changes_and_every_year(client: TestClient) -> None:
    page = client.get("/prognose/onboarding_retentie")
    assert page.status_code == 200
    assert "<h1>Betere onboarding en retentie</h1>" in page.text
    assert "Wat dit scenario wijzigt" in page.text
    assert "uitstroomgraad_sector" in page.text
    for year in range(2024, 2036):
        assert f'<th scope="row">{year}</th>' in page.text


def test_unknown_scenario_page_is_a_dutch_404(client: TestClient) -> None:
    response = client.get("/prognose/bestaatniet")
    assert response.status_code == 404
    assert "Onbekend scenario: bestaatniet (kies uit basis," in response.text


def test_unknown_scenario_in_the_form_is_a_dutch_422(client: TestClient) -> None:
    response = client.get("/prognose?scenario=bestaatniet")
    assert response.status_code == 422
    assert "Scenario: onbekend: bestaatniet (kies uit basis," in response.text
    api = client.get("/api/v1/forecast/results?scenario=bestaatniet")
    assert api.status_code == 422
    assert api.json()["detail"] == "Ongeldige waarde voor: scenario."


def test_parameters_page_lists_every_parameter_with_range_and_provenance(
    client: TestClient,
) -> None:
    page = client.get("/prognose/parameters").text
    baseline = scenarios.baseline()
    for name in baseline.parameters:
        assert f'<th scope="row">{name}' in page
    assert "<td>aanname</td>" in page
    assert "<td>rapport</td>" in page
    chosen = client.get("/prognose/parameters?scenario=stages_wervingskanaal").text
    assert '<option value="stages_wervingskanaal" selected>' in chosen
    assert client.get("/prognose/parameters?scenario=niets").status_code == 404


def test_api_scenarios_and_parameters(client: TestClient) -> None:
    listed = client.get("/api/v1/forecast/scenarios").json()
    names = [item["name"] for item in listed["scenarios"]]
    assert names == scenarios.builtin_names()
    assert {item["colour"] for item in listed["scenarios"]} == {colour(n) for n in names}
    found = client.get("/api/v1/forecast/parameters?scenario=onboarding_retentie").json()
    by_name = {item["name"]: item for item in found["parameters"]}
    assert by_name["uitstroomgraad_sector"]["changed"] is True
    assert all(item["provenance_kind"] for item in found["parameters"])


def test_api_results_give_quantiles_per_year_with_null_for_missing(client: TestClient) -> None:
    body = client.get("/api/v1/forecast/results?scenario=doorstroom_master&region=Limburg").json()
    assert body["region"] == "Limburg"
    assert body["draws"] == DRAWS
    assert [item["scenario"] for item in body["scenarios"]] == ["basis", "doorstroom_master"]
    years = body["scenarios"][1]["years"]
    assert [year["year"] for year in years] == list(range(2024, 2036))
    assert years[0]["hiring_need"] == {"p10": None, "median": None, "p90": None}
    gap = years[-1]["gap"]
    assert gap["p10"] <= gap["median"] <= gap["p90"]


def test_api_refuses_more_scenarios_than_it_answers(client: TestClient) -> None:
    query = "&".join(["scenario=basis"] * 17)
    assert client.get(f"/api/v1/forecast/results?{query}", headers=JSON).status_code == 422


def test_openapi_describes_the_forecast_responses(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path in ("scenarios", "parameters", "results", "comparison"):
        operation = document["paths"][f"/api/v1/forecast/{path}"]["get"]
        assert operation["summary"]
        assert "$ref" in str(operation["responses"]["200"]["content"]["application/json"])
    parameters = document["paths"]["/api/v1/forecast/results"]["get"]["parameters"]
    schemas = {parameter["name"]: str(parameter["schema"]) for parameter in parameters}
    assert all(f"'{name}'" in schemas["scenario"] for name in scenarios.builtin_names())
    assert "'Oost-Vlaanderen'" in schemas["region"]
    assert not any(path.startswith("/prognose") for path in document["paths"])


def test_requests_do_not_recompute_the_forecast(client: TestClient) -> None:
    client.get("/prognose")
    before = cache.computations()
    for url in ("/prognose", "/prognose/tekort.svg", "/api/v1/forecast/results", "/prognose/basis"):
        assert client.get(url).status_code == 200
    assert cache.computations() == before


def test_pages_work_on_each_backend(container: Container) -> None:
    settings = container.settings.model_copy(update={"forecast_draws": DRAWS})
    site = dataclasses.replace(container, settings=settings)
    with TestClient(create_app(site)) as each:
        assert each.get("/prognose?scenario=onboarding_retentie").status_code == 200
        assert each.get("/api/v1/forecast/comparison").json()["draws"] == DRAWS


def test_a_store_that_is_not_built_gives_a_dutch_503_and_no_database(tmp_path: Path) -> None:
    database = tmp_path / "nergens.db"
    site = bootstrap(Settings(database_url=f"sqlite:///{database}", forecast_draws=DRAWS))
    with TestClient(create_app(site)) as bare:
        for url in ("/prognose", "/api/v1/forecast/results"):
            response = bare.get(url)
            assert response.status_code == 503
            assert "nog niet ingericht" in response.text
    assert not database.exists()
