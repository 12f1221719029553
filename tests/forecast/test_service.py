"""The service reads first-year starters from the data hub, and falls back to the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

import krapte.db.all_tables  # noqa: F401  (registers every table on the metadata)
from krapte.datahub.core.records import Observation
from krapte.datahub.repository import add_release, ensure_dataset
from krapte.db.base import Base
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.service import (
    ForecastRequestError,
    compare,
    load_scenarios,
    run_scenarios,
    starters_from_observations,
    year_rows,
)


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


@pytest.fixture
def memory_store() -> Iterator[sessionmaker[Session]]:
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    Base.metadata.create_all(engine)
    yield sessionmaker(bind=engine)
    engine.dispose()


def store_with(factory: sessionmaker[Session], rows: list[Observation]) -> None:
    with factory() as session, session.begin():
        ensure_dataset(session, "studiestarters", "Studiestarters")
        add_release(
            session,
            dataset="studiestarters",
            label="test",
            origin="test",
            checksum="x",
            observations=rows,
        )


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


def test_starters_in_the_store_replace_the_file_values(
    memory_store: sessionmaker[Session],
) -> None:
    store_with(memory_store, [starters(2000, "bachelor", programme="sociaal werk")])
    (scenario,) = load_scenarios(["basis"], memory_store)
    bachelor = scenario.parameters["studiestarters_bachelor"]
    assert bachelor.value == 2000
    assert bachelor.source.startswith("datahub:studiestarters/studiestarters/2024/bachelor")
    assert bachelor.low < 2000 < bachelor.high
    assert scenario.value("studiestarters_graduaat") == 1248  # from the file


def test_more_starters_in_the_store_mean_a_larger_supply(
    memory_store: sessionmaker[Session],
) -> None:
    (from_file,) = run_scenarios(load_scenarios(["basis"], None), 50, 0)
    store_with(memory_store, [starters(3000, "bachelor")])
    (from_store,) = run_scenarios(load_scenarios(["basis"], memory_store), 50, 0)
    assert from_store.band("supply").p50[-1] > from_file.band("supply").p50[-1]


def test_an_empty_store_falls_back_to_the_scenario_file(
    memory_store: sessionmaker[Session],
) -> None:
    (scenario,) = load_scenarios(["basis"], memory_store)
    assert scenario.parameters["studiestarters_bachelor"].source.startswith("datahub:")
    assert scenario.value("studiestarters_bachelor") == 1900


def test_a_store_without_tables_falls_back_to_the_scenario_file() -> None:
    engine = create_engine("sqlite://")
    (scenario,) = load_scenarios(["basis"], sessionmaker(bind=engine))
    assert scenario.value("studiestarters_graduaat") == 1248


def test_unknown_province_is_refused_in_dutch() -> None:
    (simulation,) = run_scenarios(load_scenarios(["basis"]), 5, 0)
    with pytest.raises(ForecastRequestError, match="onbekende provincie"):
        year_rows(simulation, "Brussel")


def test_province_names_are_matched_case_insensitively() -> None:
    (simulation,) = run_scenarios(load_scenarios(["basis"]), 5, 0)
    assert {row.region for row in year_rows(simulation, "oost-vlaanderen")} == {"Oost-Vlaanderen"}


def test_zero_draws_are_refused() -> None:
    with pytest.raises(ForecastRequestError, match="draws"):
        run_scenarios(load_scenarios(["basis"]), 0, 0)


def test_scenarios_over_different_years_are_not_compared(tmp_path: Path) -> None:
    longer = tmp_path / "langer.toml"
    longer.write_text('[meta]\nname = "langer"\nextends = "basis"\nhorizon = 2045\n', "utf-8")
    runs = [simulate(scenarios.baseline(), 20, 0), simulate(scenarios.load(str(longer)), 20, 0)]
    with pytest.raises(ForecastRequestError, match="dezelfde jaren"):
        compare(runs)


def test_negative_seed_is_refused_in_dutch() -> None:
    with pytest.raises(ForecastRequestError, match="niet negatief"):
        run_scenarios([scenarios.baseline()], 10, -1)
