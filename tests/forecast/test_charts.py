"""Chart specifications are plain Vega-Lite dicts with their data inline (reusable by the web)."""

from __future__ import annotations

import json
import re
from typing import Any

from krapte.forecast.charts import (
    SCENARIO_COLOURS,
    gap_fan_spec,
    hiring_need_spec,
    render,
    tornado_spec,
)
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.core.sensitivity import analyse


def _values(spec: Any) -> list[dict[str, Any]]:
    """Every inline data row anywhere in the spec."""
    if isinstance(spec, list):
        return [row for item in spec for row in _values(item)]
    if not isinstance(spec, dict):
        return []
    rows = [row for values in spec.get("datasets", {}).values() for row in values]
    rows += spec.get("data", {}).get("values", []) if isinstance(spec.get("data"), dict) else []
    for key, value in spec.items():
        if key not in ("datasets", "data"):
            rows += _values(value)
    return rows


def _text(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False)


def test_gap_chart_has_a_panel_per_scenario_with_dutch_titles_and_fixed_colours() -> None:
    runs = [simulate(scenarios.load(name), 30, 0) for name in ("basis", "onboarding_retentie")]
    spec = gap_fan_spec(runs)
    text = _text(spec)
    assert len(spec["concat"]) == 2
    assert "Betere onboarding en retentie" in text
    assert '"onboarding_retentie"' not in text  # no scenario codes in the legend
    assert SCENARIO_COLOURS["onboarding_retentie"] in text
    assert '"labelAngle": 0' in text
    assert "Wat-als-scenario" in text
    assert "Bron:" in text
    values = _values(spec)
    assert all(row["p10"] <= row["mediaan"] <= row["p90"] for row in values)


def test_the_legend_uses_the_line_not_the_pale_band() -> None:
    spec = gap_fan_spec([simulate(scenarios.baseline(), 30, 0)])
    layers = spec["concat"][0]["layer"]
    area = next(layer for layer in layers if layer["mark"]["type"] == "area")
    line = next(layer for layer in layers if layer["mark"]["type"] == "line")
    assert area["encoding"]["color"]["legend"] is None
    assert line["encoding"]["color"]["legend"]["symbolType"] == "stroke"


def test_hiring_need_spec_stacks_expansion_and_replacement_from_the_first_projected_year() -> None:
    spec = hiring_need_spec(simulate(scenarios.baseline(), 30, 0))
    values = _values(spec)
    assert {row["soort"] for row in values} == {"uitbreidingsvraag", "vervangingsvraag"}
    assert min(row["jaar"] for row in values) == 2025
    assert "Wat-als-scenario" in _text(spec)


def test_tornado_ranks_parameters_by_total_index() -> None:
    scenario = scenarios.baseline()
    found = analyse(scenario, 32, 0)
    spec = tornado_spec(found, scenario, "gap", top=5)
    order = spec["vconcat"][0]["encoding"]["y"]["sort"]
    assert order == [index.parameter for index in found.ranking("gap")[:5]]


def test_rendered_charts_use_flemish_number_format() -> None:
    simulation = simulate(scenarios.baseline(), 200, 1)
    svg = render(gap_fan_spec([simulation]), ".svg").decode("utf-8")
    assert re.search(r">\d{1,2}\.000<", svg), "axis ticks should read 2.000, 4.000, ..."
    assert not re.search(r">\d{1,2},000<", svg)
