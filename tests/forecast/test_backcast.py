"""Back-cast: from 2014 with the default parameters, employment should grow about +42% by 2023.

Tolerance (see docs/forecast.md): +/- 8 percentage points, i.e. 34% to 50%.
"""

from __future__ import annotations

from dataclasses import replace

from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.core.parameters import Scenario

REPORTED_GROWTH_PCT = 42.0  # report 2.1, Steunpunt Werk, 2014-2023
TOLERANCE_PCT = 8.0


def backcast_scenario() -> Scenario:
    """The baseline run from 2014 to 2023, starting from the 2014 level implied by +42%."""
    scenario = scenarios.baseline().with_years(2014, 2023)
    stock = scenario.parameters["werkenden_basisjaar"]
    start = stock.value / (1 + REPORTED_GROWTH_PCT / 100)
    start_stock = replace(stock, value=start, low=start * 0.8, high=start * 1.2)
    return replace(scenario, parameters={**scenario.parameters, stock.name: start_stock})


def backcast_growth_pct(draws: int = 1, *, central: bool = True) -> float:
    supply = simulate(backcast_scenario(), draws, seed=0, central=central).band("supply").p50
    return 100.0 * (float(supply[-1]) / float(supply[0]) - 1.0)


def test_backcast_2014_2023_lands_near_the_reported_42_percent_growth() -> None:
    growth = backcast_growth_pct()
    print(f"back-cast growth 2014-2023: {growth:.1f}% (report: +42%)")
    assert abs(growth - REPORTED_GROWTH_PCT) <= TOLERANCE_PCT


def test_backcast_median_over_draws_is_within_the_tolerance_too() -> None:
    growth = backcast_growth_pct(draws=500, central=False)
    print(f"back-cast growth 2014-2023, median of 500 draws: {growth:.1f}%")
    assert abs(growth - REPORTED_GROWTH_PCT) <= TOLERANCE_PCT
