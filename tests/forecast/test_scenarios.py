"""Built-in scenarios: each policy narrows the gap; runs are reproducible."""

from __future__ import annotations

import numpy as np
import pytest

from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.core.specification import REQUIRED_PARAMETERS
from krapte.forecast.results import best_policy, compare

DRAWS = 400


def test_the_baseline_defines_every_required_parameter() -> None:
    assert set(scenarios.baseline().parameters) == REQUIRED_PARAMETERS


def test_every_parameter_of_every_scenario_has_a_complete_provenance() -> None:
    for name in scenarios.builtin_names():
        for parameter in scenarios.load(name).parameters.values():
            assert parameter.provenance.text, parameter.name


def test_every_assumption_with_a_value_has_a_range() -> None:
    for parameter in scenarios.baseline().parameters.values():
        if parameter.provenance.kind == "aanname" and parameter.value != 0:
            assert parameter.low < parameter.high, parameter.name


def test_every_policy_effect_has_a_range_a_start_year_and_a_ramp_up() -> None:
    for name in scenarios.policy_names():
        policy = scenarios.load(name)
        for key in policy.overrides:
            parameter = policy.parameters[key]
            assert parameter.low < parameter.high, (name, key)
            assert parameter.start_year is not None, (name, key)
            assert parameter.ramp_years >= 1


def test_builtin_scenarios_include_the_six_policies() -> None:
    assert scenarios.policy_names() == [
        "activering_langdurig_zieken",
        "centrale_stagetoewijzing",
        "doorstroom_master",
        "graduaat_knelpuntopleiding",
        "onboarding_retentie",
        "stages_wervingskanaal",
        "uitzondering_werkloosheidssteun",
    ]


@pytest.mark.parametrize("name", scenarios.policy_names())
def test_policy_cites_a_recommendation_and_changes_the_baseline(name: str) -> None:
    policy = scenarios.load(name)
    assert policy.recommendations
    assert policy.citation
    assert policy.overrides
    base = scenarios.baseline()
    assert any(policy.parameters[k] != base.parameters[k] for k in policy.overrides)


@pytest.mark.parametrize("name", scenarios.policy_names())
def test_policy_reduces_the_gap_against_the_baseline(name: str) -> None:
    base = simulate(scenarios.baseline(), DRAWS, seed=7)
    policy = simulate(scenarios.load(name), DRAWS, seed=7)
    base_gap = base.outputs["gap"][:, -1, 0]
    policy_gap = policy.outputs["gap"][:, -1, 0]
    assert np.median(policy_gap) < np.median(base_gap)
    assert np.mean(policy_gap < base_gap) > 0.95


def test_care_workers_avoided_count_only_the_outreaching_share_of_extra_workers() -> None:
    runs = [simulate(scenarios.load(n), DRAWS, seed=1) for n in ("basis", "onboarding_retentie")]
    _, policy = compare(runs)
    extra = policy.extra_workers[1]
    avoided = policy.care_workers_avoided[1]
    assert extra > 0
    # 3 to 4 care workers per outreaching social worker, 10% to 50% of extra workers outreaching
    assert 0.1 * 3.0 * extra * 0.95 <= avoided <= 0.5 * 4.0 * extra * 1.05
    assert avoided < 3.0 * extra


def test_best_policy_is_the_one_closing_most_of_the_gap() -> None:
    runs = [simulate(scenarios.load(n), DRAWS, seed=2) for n in scenarios.builtin_names()]
    comparisons = compare(runs)
    best = best_policy(comparisons)
    assert best is not None
    assert best.scenario != "basis"
    assert best.gap_closed[1] == max(c.gap_closed[1] for c in comparisons)


def test_same_seed_gives_the_same_result() -> None:
    first = simulate(scenarios.baseline(), 50, seed=11).outputs["gap"]
    second = simulate(scenarios.baseline(), 50, seed=11).outputs["gap"]
    np.testing.assert_array_equal(first, second)


def test_another_seed_gives_other_draws() -> None:
    first = simulate(scenarios.baseline(), 50, seed=11).outputs["gap"]
    other = simulate(scenarios.baseline(), 50, seed=12).outputs["gap"]
    assert not np.array_equal(first, other)


def test_band_is_ordered_and_contains_the_median() -> None:
    band = simulate(scenarios.baseline(), 200, seed=0).band("gap", "Limburg")
    assert np.all(band.p10 <= band.p50)
    assert np.all(band.p50 <= band.p90)


def test_provinces_add_up_to_flanders() -> None:
    gap = simulate(scenarios.baseline(), 20, seed=0).outputs["gap"]
    np.testing.assert_allclose(gap[:, :, 0], gap[:, :, 1:].sum(axis=-1))
