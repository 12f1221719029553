"""The stock-flow core and its calibration, as an economist would check them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from krapte.forecast.core import scenarios
from krapte.forecast.core.inputs import BRUSSELS, SCHOOL_REGIONS, bundled_data
from krapte.forecast.core.model import project
from krapte.forecast.core.montecarlo import build, run_draws, simulate, uniforms
from krapte.forecast.core.parameters import Scenario, replace_parameter
from krapte.forecast.core.sampling import Draws

REPORT_55PLUS_SHARE = 60.7  # report 2.2, line 206


def draws_of(scenario: Scenario, count: int = 200, seed: int = 0) -> Draws:
    return Draws(scenario, uniforms(scenario, count, seed))


def with_value(scenario: Scenario, name: str, value: float) -> Scenario:
    parameter = scenario.parameters[name]
    return replace_parameter(scenario, replace(parameter, value=value, low=value, high=value))


def test_stock_flow_accounting_holds_every_year_in_every_draw() -> None:
    _, trajectory = run_draws(draws_of(scenarios.baseline()))
    change = np.diff(trajectory.supply, axis=1)
    flows = (trajectory.inflow - trajectory.outflow)[:, 1:]
    np.testing.assert_allclose(change, flows, atol=1e-6)


def test_every_draw_reproduces_its_calibration_target_within_half_a_point() -> None:
    simulation = simulate(scenarios.baseline(), 1000, seed=3)
    error = np.abs(simulation.calibrated_growth - simulation.calibration_target)
    assert error.max() < 0.5
    assert simulation.calibration_target.min() >= 36.9
    assert simulation.calibration_target.max() <= 42.0


def test_the_calibrated_inflow_follows_the_stock_of_each_draw() -> None:
    built = build(draws_of(scenarios.baseline(), 2000))
    stock = draws_of(scenarios.baseline(), 2000).value("werkenden_basisjaar")
    assert np.corrcoef(stock, built.other_inflow)[0, 1] > 0.5


def test_full_time_equivalents_never_exceed_heads() -> None:
    simulation = simulate(scenarios.baseline(), 500, seed=1)
    assert np.all(simulation.outputs["supply_fte"] <= simulation.outputs["supply"] + 1e-9)
    assert np.all(simulation.outputs["demand_fte"] <= simulation.outputs["demand"] + 1e-9)


def test_rising_part_time_work_widens_the_gap_in_heads() -> None:
    flat = with_value(scenarios.baseline(), "vte_trend", 0.0)
    falling = with_value(scenarios.baseline(), "vte_trend", -0.008)
    gap_flat = simulate(flat, 100, seed=0).band("gap").p50[-1]
    gap_falling = simulate(falling, 100, seed=0).band("gap").p50[-1]
    assert gap_falling > gap_flat


def test_55plus_share_of_the_hiring_need_is_near_the_reports_in_the_base_period() -> None:
    """VDAB's 60.7% (report 2.2): the model's median over 2026-2029 lies within 10 points.

    2025 itself is lower: the legal pension age rises from 65 to 66, so nobody reaches it that
    year (docs/forecast.md explains the difference).
    """
    simulation = simulate(scenarios.baseline(), 1000, seed=0)
    share = simulation.band("replacement_55plus_pct").p50
    years = list(simulation.years)
    base_period = share[years.index(2026) : years.index(2029) + 1]
    assert abs(float(np.mean(base_period)) - REPORT_55PLUS_SHARE) < 10.0
    assert share[years.index(2025)] < share[years.index(2026)]


def test_retirement_follows_the_legal_pension_age() -> None:
    _, trajectory = run_draws(draws_of(scenarios.baseline(), 50))
    retirement = trajectory.retirement.sum(axis=-1).mean(axis=0)
    years = list(trajectory.years)
    # 2025: the pension age goes to 66, so the 65-year-olds keep working one more year.
    assert retirement[years.index(2025)] < 0.8 * retirement[years.index(2026)]


def test_new_hires_leave_more_than_established_workers() -> None:
    base = scenarios.baseline()
    same = with_value(base, "uitstroom_factor_nieuwkomers", 1.0)
    more = with_value(base, "uitstroom_factor_nieuwkomers", 3.0)
    _, calm = run_draws(draws_of(same, 20))
    _, leaving = run_draws(draws_of(more, 20))
    assert leaving.leaving[:, 1:].sum() > calm.leaving[:, 1:].sum()


def test_side_entrants_are_counted_once_within_the_bachelor_starters() -> None:
    base = scenarios.baseline()
    few = build(draws_of(with_value(base, "zij_instromers", 0.0), 20))
    many = build(draws_of(with_value(base, "zij_instromers", 350.0), 20))
    few_total = few.inputs.entrants.sum(axis=(2, 3)) - few.other_inflow[:, None]
    many_total = many.inputs.entrants.sum(axis=(2, 3)) - many.other_inflow[:, None]
    np.testing.assert_allclose(few_total, many_total, rtol=1e-9)
    older = many.inputs.entrants[..., 2:].sum()
    assert older > few.inputs.entrants[..., 2:].sum()


def test_school_shares_come_per_level_from_the_data_with_brussels_apart() -> None:
    data = bundled_data()
    bachelor = data.schools["bachelor"]
    assert bachelor.shares.sum() == pytest.approx(1.0)
    # Odisee Brussel 148 + Erasmushogeschool Brussel 94 of 1,900 bachelor starters in 2024
    assert bachelor.shares[SCHOOL_REGIONS.index(BRUSSELS)] == pytest.approx(242 / 1900)
    assert data.schools["graduaat"].shares[1] != bachelor.shares[1]  # levels differ (Limburg)
    assert data.schools["master"].shares[SCHOOL_REGIONS.index(BRUSSELS)] == 0.0


def test_a_policy_acts_only_from_its_start_year_and_ramps_up() -> None:
    policy = scenarios.load("graduaat_knelpuntopleiding")  # start 2026, ramp 2 years
    draws = draws_of(policy, 10)
    path = draws.path("extra_studiestarters_graduaat", [2024, 2025, 2026, 2027, 2028])
    assert np.all(path[:, :2] == 0)
    np.testing.assert_allclose(path[:, 2], path[:, 3] / 2)
    np.testing.assert_allclose(path[:, 3], path[:, 4])
    assert np.all(path[:, 4] > 0)


def test_with_all_flows_but_retirement_at_zero_only_pensions_reduce_the_stock() -> None:
    scenario = scenarios.baseline()
    for name in (
        "uitstroomgraad_sector",
        "ziekte_instroomgraad",
        "reintegratiegraad",
        "vervroegd_pensioen_60_64",
    ):
        scenario = with_value(scenario, name, 0.0)
    built = build(draws_of(scenario, 5))
    still = replace(built.inputs, entrants=np.zeros_like(built.inputs.entrants))
    trajectory = project(still)
    supply = trajectory.supply.sum(axis=-1)
    retired = np.nancumsum(trajectory.retirement.sum(axis=-1), axis=1)
    np.testing.assert_allclose(supply + retired, supply[:, :1] * np.ones_like(supply))
    assert np.all(np.diff(supply, axis=1) <= 1e-9)
