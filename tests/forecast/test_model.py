"""The stock-flow core: accounting identities, zero flows, timing of the pipeline."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from krapte.forecast.core import scenarios
from krapte.forecast.core.model import AGE_BANDS, ModelInputs, Route, project, route_entrants
from krapte.forecast.core.montecarlo import build_inputs, sample

DRAWS, PROVINCES, BANDS = 4, 5, len(AGE_BANDS)


def baseline_inputs(draws: int = 200, seed: int = 3) -> ModelInputs:
    scenario = scenarios.baseline()
    return build_inputs(scenario, sample(scenario, draws, seed))


def zero_flow_inputs(stock: float = 100.0) -> ModelInputs:
    zeros = np.zeros(DRAWS)
    return ModelInputs(
        base_year=2024,
        horizon=2030,
        stock0=np.full((DRAWS, PROVINCES, BANDS), stock),
        sick0=np.zeros((DRAWS, PROVINCES, BANDS)),
        demand0=np.full((DRAWS, PROVINCES), stock * BANDS),
        expansion_rate=zeros,
        entrants=np.zeros((DRAWS, 6, PROVINCES, BANDS)),
        retirement_rate=zeros,
        leaving_rate=zeros,
        sickness_rate=zeros,
        return_rate=zeros,
        sick_exit_rate=zeros,
        job_seekers=np.ones((DRAWS, PROVINCES)),
    )


def test_stock_changes_by_inflow_minus_outflow_every_year_in_every_draw() -> None:
    trajectory = project(baseline_inputs())
    change = np.diff(trajectory.supply, axis=1)
    net = trajectory.inflow[:, 1:] - trajectory.outflow[:, 1:]
    np.testing.assert_allclose(change, net, rtol=0, atol=1e-6)


def test_sick_pool_changes_by_sickness_minus_returns_and_exits() -> None:
    inputs = baseline_inputs()
    trajectory = project(inputs)
    exits = trajectory.sick[:, :-1] * inputs.sick_exit_rate[:, None, None]
    expected = trajectory.sickness[:, 1:] - trajectory.reentrants[:, 1:] - exits
    np.testing.assert_allclose(np.diff(trajectory.sick, axis=1), expected, atol=1e-6)


def test_outflow_is_the_sum_of_retirement_leaving_and_sickness() -> None:
    trajectory = project(baseline_inputs())
    total = trajectory.retirement + trajectory.leaving + trajectory.sickness
    np.testing.assert_allclose(trajectory.outflow[:, 1:], total[:, 1:])


def test_with_all_flows_zero_the_total_stock_stays_constant() -> None:
    trajectory = project(zero_flow_inputs())
    np.testing.assert_allclose(trajectory.supply, 100.0 * BANDS)
    np.testing.assert_allclose(trajectory.gap, 0.0, atol=1e-9)


def test_without_flows_ageing_only_moves_people_to_older_bands() -> None:
    trajectory = project(zero_flow_inputs())
    by_age = trajectory.supply_by_age
    assert by_age[:, -1, :, -1].min() > by_age[:, 0, :, -1].max()
    assert by_age[:, -1, :, 0].max() < by_age[:, 0, :, 0].min()


def test_base_year_has_no_flows() -> None:
    trajectory = project(baseline_inputs(draws=5))
    assert np.isnan(trajectory.inflow[:, 0]).all()
    assert np.isnan(trajectory.expansion_need[:, 0]).all()


def test_extra_starters_reach_the_workforce_only_after_the_study_duration() -> None:
    ones = np.ones(2)
    route = Route(
        name="bachelor",
        starters=np.zeros(2),
        growth=np.zeros(2),
        extra=np.full(2, 100.0),
        duration=3,
        completion=ones * 0.5,
        entry_share=ones,
        age_profile=np.array([1.0, 0, 0, 0, 0]),
        province_share=np.tile([0.2] * 5, (2, 1)),
    )
    entrants = route_entrants(route, 2024, 2030).sum(axis=(2, 3))  # years 2025..2030
    np.testing.assert_allclose(entrants[0], [0, 0, 0, 50, 50, 50])


def test_outflow_rates_above_the_whole_stock_are_refused() -> None:
    bad = replace(zero_flow_inputs(), leaving_rate=np.full(DRAWS, 0.95))
    with pytest.raises(ValueError, match="outflow rates"):
        project(bad)
