"""Global sensitivity analysis (Sobol' indices with SALib) over every uncertain parameter."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from krapte.cli import app
from krapte.forecast.core import scenarios
from krapte.forecast.core.sensitivity import (
    analyse,
    evaluate,
    evaluate_one_by_one,
    places,
    uncertain_parameters,
)


def test_every_uncertain_parameter_is_analysed_and_none_that_is_fixed_or_calibrated() -> None:
    names = uncertain_parameters(scenarios.baseline())
    assert "werkenden_basisjaar" in names
    assert "overige_instroom" not in names  # solved by the calibration
    assert "studieduur_bachelor" not in names  # fixed


def test_parameters_whose_intervals_overlap_share_their_places() -> None:
    total = np.array([0.50, 0.30, 0.28, 0.05])
    conf = np.array([0.02, 0.03, 0.03, 0.01])
    best, worst = places(total, conf)
    assert list(zip(best.tolist(), worst.tolist(), strict=True)) == [(1, 1), (2, 3), (2, 3), (4, 4)]


def test_a_chain_of_overlaps_gives_each_parameter_the_places_it_can_hold() -> None:
    best, worst = places(np.array([0.30, 0.26, 0.22]), np.array([0.03, 0.03, 0.03]))
    assert list(zip(best.tolist(), worst.tolist(), strict=True)) == [(1, 2), (1, 3), (2, 3)]


def test_the_same_seed_gives_the_same_intervals_and_places_even_seed_zero() -> None:
    scenario = scenarios.baseline()
    assert analyse(scenario, 32, 0) == analyse(scenario, 32, 0)


def test_the_top_three_and_the_places_they_share_are_the_same_for_two_seeds() -> None:
    """Every parameter that can hold one of the first three places, grouped by the places it
    shares, is the same for two seeds, for the gap and for the hiring need. Ties are reported as
    ties: where 95% intervals of ST overlap (the gap's places 2-5, docs/forecast.md), the group
    and its places must be stable, not the order within it.
    """
    scenario = scenarios.baseline()
    first, second = (analyse(scenario, 512, seed) for seed in (1, 2))
    for target in ("gap", "hiring_need"):
        groups = [
            [
                ({index.parameter for index in group}, group[0].place_from, group[0].place_to)
                for group in found.shared_places(target)
            ]
            for found in (first, second)
        ]
        assert groups[0] == groups[1], target
        assert sum(len(names) for names, _, _ in groups[0]) >= 3


def test_a_parameter_that_cannot_matter_gets_no_index() -> None:
    found = analyse(scenarios.baseline(), 128, 0)
    ratio = next(
        i for i in found.ranking("gap") if i.parameter == "zorgmedewerkers_per_sociaal_werker"
    )
    assert abs(ratio.total) < 0.01


def test_vectorised_evaluation_equals_the_loop_over_samples() -> None:
    scenario = scenarios.baseline()
    names = uncertain_parameters(scenario)[:10]
    points = np.random.default_rng(0).random((6, len(names)))
    together = evaluate(scenario, points, names)
    alone = evaluate_one_by_one(scenario, points, names)
    np.testing.assert_allclose(together["gap"], alone["gap"], rtol=1e-9)


@pytest.mark.e2e
def test_the_command_prints_the_ranking_as_json() -> None:
    result = CliRunner().invoke(
        app, ["forecast", "sensitivity", "--samples", "32", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["target"] for row in rows} == {"gap", "hiring_need"}
    assert min(row["rank"] for row in rows) == 1
    assert all(row["place_from"] <= row["rank"] <= row["place_to"] for row in rows)


@pytest.mark.e2e
def test_the_command_says_which_places_are_shared() -> None:
    result = CliRunner().invoke(app, ["forecast", "sensitivity", "--samples", "32"])
    assert result.exit_code == 0, result.output
    assert "plaats" in result.output
    assert "Top drie van het tekort in 2035:" in result.output
    assert "Top drie van de aanwervingsbehoefte in 2035:" in result.output
