"""The typed results of runs and comparisons: regions by their Dutch names, comparable runs only."""

from __future__ import annotations

from pathlib import Path

import pytest

from krapte.errors import InvalidInput
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.loading import load_scenarios
from krapte.forecast.results import compare, year_rows
from krapte.forecast.service import run_scenarios


def test_unknown_province_is_refused_in_dutch_naming_the_field() -> None:
    (simulation,) = run_scenarios(load_scenarios(["basis"]).scenarios, 5, 0)
    with pytest.raises(InvalidInput, match="provincie: onbekend"):
        year_rows(simulation, "Brussel")


def test_province_names_are_matched_case_insensitively() -> None:
    (simulation,) = run_scenarios(load_scenarios(["basis"]).scenarios, 5, 0)
    assert {row.region for row in year_rows(simulation, "oost-vlaanderen")} == {"Oost-Vlaanderen"}


def test_scenarios_over_different_years_are_not_compared(tmp_path: Path) -> None:
    longer = tmp_path / "langer.toml"
    longer.write_text('[meta]\nname = "langer"\nextends = "basis"\nhorizon = 2038\n', "utf-8")
    runs = [simulate(scenarios.baseline(), 20, 0), simulate(scenarios.load(str(longer)), 20, 0)]
    with pytest.raises(InvalidInput, match="dezelfde jaren"):
        compare(runs)
