"""What the site publishes of a forecast: bands without draws, comparisons per region."""

from __future__ import annotations

import math

import numpy as np
import pytest

from krapte.errors import InvalidInput, NotFound
from krapte.forecast.core import scenarios
from krapte.forecast.loading import load_scenarios
from krapte.forecast.published import PublishedForecast, key_years, summarise
from krapte.forecast.service import compare_scenarios, run_scenarios

DRAWS = 40


@pytest.fixture(scope="module")
def published() -> PublishedForecast:
    names = ["basis", "onboarding_retentie", "graduaat_knelpuntopleiding"]
    simulations = run_scenarios(load_scenarios(names).scenarios, DRAWS, 0)
    return summarise(simulations, version="1-1", starters_note="uit de bestanden")


def test_key_years_are_every_fifth_year_and_the_horizon() -> None:
    assert key_years(range(2024, 2036)) == (2025, 2030, 2035)
    assert key_years(range(2024, 2038)) == (2025, 2030, 2035, 2037)


def test_a_projection_has_the_bands_of_its_run() -> None:
    (simulation,) = run_scenarios(load_scenarios(["basis"]).scenarios, DRAWS, 0)
    projection = summarise([simulation], version="x").projections[0]
    for region in ("Vlaanderen", "Limburg"):
        expected = simulation.band("gap", region)
        found = projection.band("gap", region)
        assert np.allclose(found.p50, expected.p50, rtol=0, atol=0.005)
        assert np.allclose(found.p10, expected.p10, rtol=0, atol=0.005)
        assert np.allclose(found.p90, expected.p90, rtol=0, atol=0.005)


def test_the_baseline_closes_none_of_its_own_gap(published: PublishedForecast) -> None:
    for region, rows in published.comparisons.items():
        base = next(row for row in rows if row.scenario == scenarios.BASELINE)
        assert base.gap_closed == (0.0, 0.0, 0.0), region
        assert base.gap_closed_pct == 0.0


def test_comparison_in_flanders_agrees_with_forecast_compare(published: PublishedForecast) -> None:
    names = ["onboarding_retentie", "graduaat_knelpuntopleiding"]
    expected = {c.scenario: c for c in compare_scenarios(names, draws=DRAWS).comparisons}
    for row in published.comparisons["Vlaanderen"]:
        assert row.gap_closed == pytest.approx(expected[row.scenario].gap_closed, abs=0.005)
        assert row.gap[-1][1] == pytest.approx(expected[row.scenario].gap, abs=0.005)


def test_hiring_need_total_is_expansion_plus_replacement_in_the_median_range(
    published: PublishedForecast,
) -> None:
    for row in published.comparisons["Vlaanderen"]:
        low, _, high = row.hiring_need
        assert low <= row.expansion_need[1] + row.replacement_need[1] <= high
        assert row.first_year == 2025
        assert row.horizon == 2035


def test_selection_always_keeps_the_baseline_in_built_in_order(
    published: PublishedForecast,
) -> None:
    chosen = published.select(["graduaat_knelpuntopleiding"])
    assert [p.scenario.name for p in chosen] == ["basis", "graduaat_knelpuntopleiding"]
    assert len(published.select([])) == 3


def test_unknown_scenario_is_refused_in_dutch_naming_the_field(
    published: PublishedForecast,
) -> None:
    with pytest.raises(InvalidInput, match="scenario: onbekend: bestaatniet"):
        published.select(["bestaatniet"])
    with pytest.raises(NotFound, match="onbekend scenario: bestaatniet"):
        published.projection("bestaatniet")


def test_base_year_flows_have_no_value(published: PublishedForecast) -> None:
    first = published.projections[0].rows["Vlaanderen"][0]
    assert math.isnan(first.outputs["hiring_need"][1])
    assert not math.isnan(first.outputs["gap"][1])
