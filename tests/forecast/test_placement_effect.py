"""Recommendation 36 takes its effect from the placement simulation, not from an assumption."""

from __future__ import annotations

import pytest

from krapte.forecast.loading import load_scenarios
from krapte.forecast.placement_effect import PlacementEffect


def test_the_central_placement_scenario_takes_its_effect_from_the_placement_simulation() -> None:
    (scenario,) = load_scenarios(["centrale_stagetoewijzing"]).scenarios
    effect = scenario.parameters["stage_extra_geplaatst"]
    assert effect.provenance.kind == "simulatie"
    assert "centrale toewijzing" in effect.provenance.text
    assert 0 < effect.value < 0.2


def test_the_extra_share_is_the_extra_students_placed_over_all_students() -> None:
    effect = PlacementEffect(students=4000, placed_status_quo=3883, placed_central=3975)
    assert effect.extra_share == pytest.approx(92 / 4000)
