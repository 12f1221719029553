"""Chart specifications are plain Vega-Lite dicts with their data inline (reusable by the web)."""

from __future__ import annotations

import json
import re

from krapte.forecast.charts import gap_fan_spec, hiring_need_spec, render
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate


def test_gap_fan_spec_is_json_with_a_band_and_median_per_scenario_and_year() -> None:
    runs = [simulate(scenarios.load(name), 30, 0) for name in ("basis", "onboarding_retentie")]
    spec = json.loads(json.dumps(gap_fan_spec(runs)))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    values = next(iter(spec["datasets"].values())) if "datasets" in spec else spec["data"]["values"]
    assert len(values) == 2 * 12
    assert all(row["p10"] <= row["mediaan"] <= row["p90"] for row in values)


def test_hiring_need_spec_stacks_expansion_and_replacement_from_the_first_projected_year() -> None:
    spec = hiring_need_spec(simulate(scenarios.baseline(), 30, 0))
    values = next(iter(spec["datasets"].values())) if "datasets" in spec else spec["data"]["values"]
    assert {row["soort"] for row in values} == {"uitbreidingsvraag", "vervangingsvraag"}
    assert min(row["jaar"] for row in values) == 2025


def test_rendered_charts_use_flemish_number_format() -> None:
    simulation = simulate(scenarios.baseline(), 200, 1)
    svg = render(gap_fan_spec([simulation]), ".svg").decode("utf-8")
    assert re.search(r">\d{1,2}\.000<", svg), "axis ticks should read 2.000, 4.000, ..."
    assert not re.search(r">\d{1,2},000<", svg)
