"""Loading scenarios reads first-year starters through the data hub's service, and falls back to
the scenario files (saying so) when there is no store; it never creates one. A base year re-bases
the model on that year's data; years without data or support are refused in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import store_release
from krapte.bootstrap import Container, bootstrap
from krapte.datahub.core.records import Observation
from krapte.errors import InvalidInput, NotFound
from krapte.forecast.loading import (
    FILE_ONLY,
    FROM_STORE,
    NO_DATASET,
    load_scenarios,
    starters_from_observations,
)
from krapte.forecast.service import run_scenarios
from krapte.settings import Settings


def starters(value: float, level: str, period: str = "2024", **dims: str) -> Observation:
    return Observation(
        dataset="studiestarters",
        measure="studiestarters",
        period=period,
        value=value,
        unit="count",
        level=level,
        **dims,
    )


def store_with(container: Container, rows: list[Observation]) -> None:
    with container.unit_of_work(write=True) as uow:
        store_release(uow.session, rows, dataset="studiestarters")
        uow.commit()


def test_level_total_of_the_latest_year_wins_over_programmes_and_schools() -> None:
    rows = [
        starters(900, "graduaat", "2023"),
        starters(1248, "graduaat"),
        starters(1062, "graduaat", programme="maatschappelijk werk"),
        starters(246, "graduaat", programme="maatschappelijk werk", institution="AP"),
        starters(1900, "bachelor", programme="sociaal werk"),
    ]
    found = starters_from_observations(rows).by_level
    assert found == {"graduaat": (1248, "2024"), "bachelor": (1900, "2024")}


def test_without_level_total_the_programme_totals_are_summed() -> None:
    rows = [
        starters(1062, "graduaat", programme="maatschappelijk werk"),
        starters(186, "graduaat", programme="sociaal-cultureel werk"),
    ]
    assert starters_from_observations(rows).by_level["graduaat"] == (1248, "2024")


def test_starters_in_the_store_replace_the_file_values(container: Container) -> None:
    store_with(container, [starters(2000, "bachelor", programme="sociaal werk")])
    loaded = load_scenarios(["basis"], container.unit_of_work)
    bachelor = loaded.scenarios[0].parameters["studiestarters_bachelor"]
    assert bachelor.value == 2000
    assert "datahub:studiestarters/studiestarters/2024/bachelor" in bachelor.provenance.text
    assert bachelor.low < 2000 < bachelor.high
    assert loaded.scenarios[0].value("studiestarters_graduaat") == 1248  # from the file
    assert loaded.starters_note == FROM_STORE


def test_more_starters_in_the_store_mean_a_larger_supply(container: Container) -> None:
    (from_file,) = run_scenarios(load_scenarios(["basis"]).scenarios, 50, 0)
    store_with(container, [starters(3000, "bachelor")])
    (from_store,) = run_scenarios(
        load_scenarios(["basis"], container.unit_of_work).scenarios, 50, 0
    )
    assert from_store.band("supply").p50[-1] > from_file.band("supply").p50[-1]


def test_a_store_without_starters_falls_back_to_the_files_and_says_so(
    container: Container,
) -> None:
    loaded = load_scenarios(["basis"], container.unit_of_work)
    assert loaded.scenarios[0].value("studiestarters_bachelor") == 1900
    assert loaded.starters_note == NO_DATASET


def test_without_a_store_the_forecast_runs_on_the_files_and_creates_no_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "nog_niet.db"
    container = bootstrap(Settings(database_url=f"sqlite:///{database}"))
    loaded = load_scenarios(["basis"], container.unit_of_work)
    assert loaded.starters_note == FILE_ONLY
    assert loaded.scenarios[0].value("studiestarters_graduaat") == 1248
    assert not database.exists()


def test_an_unknown_scenario_is_not_found() -> None:
    with pytest.raises(NotFound, match="onbekend scenario"):
        load_scenarios(["bestaat_niet"])


def test_a_base_year_without_data_is_refused_in_dutch() -> None:
    with pytest.raises(InvalidInput, match="basisjaar: de datahub heeft geen studiestarters"):
        load_scenarios(["basis"], base_year=1900)


def test_a_horizon_beyond_the_inputs_is_refused_in_dutch() -> None:
    with pytest.raises(InvalidInput, match=r"horizon: 2200 ligt voorbij"):
        load_scenarios(["basis"], horizon=2200)


def test_a_horizon_before_the_base_year_is_refused() -> None:
    with pytest.raises(InvalidInput, match="horizon: 2022 ligt niet na het basisjaar 2024"):
        load_scenarios(["basis"], horizon=2022)


def test_the_base_year_rebases_the_model_on_that_years_data() -> None:
    (later,) = run_scenarios(load_scenarios(["basis"]).scenarios, 200, 0)
    loaded = load_scenarios(["basis"], base_year=2022)
    (earlier,) = run_scenarios(loaded.scenarios, 200, 0)
    scenario = loaded.scenarios[0]
    assert earlier.years[0] == 2022
    assert scenario.value("studiestarters_bachelor") == 2016  # printed for 2022 (4.1.1)
    assert scenario.value("werkenden_basisjaar") < 30000  # moved back along the calibration
    supply_2030 = (earlier.band("supply").p50[8], later.band("supply").p50[6])
    assert supply_2030[0] != pytest.approx(supply_2030[1], rel=1e-3)
