"""Built-in scenarios: each policy narrows the gap; runs are reproducible."""

from __future__ import annotations

import numpy as np
import pytest

from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import REQUIRED_PARAMETERS, simulate
from krapte.forecast.service import best_policy, compare

DRAWS = 400


def test_the_baseline_defines_every_required_parameter() -> None:
    assert set(scenarios.baseline().parameters) == REQUIRED_PARAMETERS


def test_every_baseline_parameter_has_a_source_or_an_assumption() -> None:
    for parameter in scenarios.baseline().parameters.values():
        assert bool(parameter.source) != bool(parameter.assumption), parameter.name


def test_builtin_scenarios_include_the_six_policies() -> None:
    assert scenarios.policy_names() == [
        "activering_langdurig_zieken",
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


def test_care_workers_avoided_are_three_to_four_times_the_extra_social_workers() -> None:
    runs = [simulate(scenarios.load(n), DRAWS, seed=1) for n in ("basis", "onboarding_retentie")]
    _, policy = compare(runs)
    extra = policy.extra_workers[1]
    avoided = policy.care_workers_avoided[1]
    assert extra > 0
    assert 3.0 * extra * 0.95 <= avoided <= 4.0 * extra * 1.05


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
