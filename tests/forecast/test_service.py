"""The use cases check what they are given and name the field, never a command-line flag."""

from __future__ import annotations

import pytest

from krapte.errors import InvalidInput
from krapte.forecast.core import scenarios
from krapte.forecast.service import compare_scenarios, run_forecast, run_scenarios


@pytest.mark.parametrize(
    ("draws", "seed", "field"), [(0, 0, "aantal trekkingen"), (10, -1, "startwaarde")]
)
def test_bad_draws_and_seeds_name_the_field_not_a_flag(draws: int, seed: int, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        run_scenarios([scenarios.baseline()], draws, seed)
    assert caught.value.problems[0].field == field
    assert "--" not in caught.value.message


def test_a_comparison_always_includes_the_baseline_and_names_the_best_policy() -> None:
    result = compare_scenarios(["doorstroom_master"], draws=50, seed=0)
    assert [item.scenario for item in result.comparisons] == ["basis", "doorstroom_master"]
    assert result.best is not None
    assert result.best.scenario == "doorstroom_master"


def test_a_run_gives_a_row_per_year_for_each_scenario_in_the_region_asked() -> None:
    result = run_forecast(["basis"], draws=20, province="limburg", horizon=2030)
    assert result.region == "Limburg"
    assert [row.year for row in result.years[0]] == list(range(2024, 2031))
