"""The dashboard's charts as Vega-Lite specifications (plain dicts, drawn as SVG by the web).

Each level of the programmes has one colour on every chart; titles say what the chart shows,
the axis carries the unit and years stay horizontal (the site's shared chart configuration).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from krapte.formatting import unit_label
from krapte.indicators.core.dashboard import KeyFigure, ProvinceFigure

Spec = dict[str, Any]

#: One colour per level, the same on every chart (Tableau 10, colour-blind safe order).
LEVEL_COLOURS: Final = {"graduaat": "#4e79a7", "bachelor": "#f28e2b", "master": "#59a14f"}
FIGURE_COLOUR: Final = "#0b4f6c"
SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v5.json"


def axis_title(unit: str) -> str:
    return "procent" if unit == "percent" else unit_label(unit)


def _number_format(unit: str) -> str:
    return ",.1f" if unit in ("percent", "ratio") else ",d"


def chart_title(figure: KeyFigure) -> str:
    """What the chart shows: ``Inschrijvingen graduaat, 2020–2024``."""
    if figure.kind == "comparison":
        return f"{figure.title} {figure.period}, per groep"
    first, last = figure.points[0].label, figure.points[-1].label
    return figure.title if first == last else f"{figure.title}, {first}–{last}"


def key_figure_spec(figure: KeyFigure) -> Spec:
    """A small line chart of a trend, or bars for a comparison between groups."""
    colour = LEVEL_COLOURS.get(figure.level, FIGURE_COLOUR)
    rows = [{"label": point.label, "value": point.value} for point in figure.points]
    value_axis = {
        "field": "value",
        "type": "quantitative",
        "title": axis_title(figure.unit),
        "axis": {"format": _number_format(figure.unit), "tickCount": 4},
    }
    if figure.kind == "comparison":
        return {
            "$schema": SCHEMA,
            "title": {"text": chart_title(figure), "fontSize": 11},
            "data": {"values": rows},
            "width": 200,
            "height": {"step": 20},
            "mark": {"type": "bar", "color": colour},
            "encoding": {
                "y": {"field": "label", "type": "nominal", "sort": None, "title": None,
                      "axis": {"labelLimit": 330, "labelFontSize": 11}},
                "x": value_axis,
            },
        }  # fmt: skip
    return {
        "$schema": SCHEMA,
        "title": {"text": chart_title(figure), "fontSize": 11},
        "data": {"values": rows},
        "width": 230,
        "height": 110,
        "mark": {"type": "line", "point": True, "color": colour},
        "encoding": {
            "x": {"field": "label", "type": "ordinal", "title": None, "sort": None},
            "y": {**value_axis, "scale": {"zero": False}},
        },
    }


def province_spec(
    figures: Sequence[ProvinceFigure],
    dataset: str,
    title: str,
    subtitle: str,
    years: dict[str, int],
) -> Spec:
    """Grouped bars: one group per province, one bar per level (each level's latest year)."""
    rows = [
        {"province": f.province, "level": f.level, "value": f.value}
        for f in figures
        if f.dataset == dataset and years.get(f.level) == f.year
    ]
    levels = list(years)
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle},
        "padding": 12,
        "data": {"values": rows},
        "width": 520,
        "height": {"step": 12},
        "mark": "bar",
        "encoding": {
            "y": {"field": "province", "type": "nominal", "title": None},
            "yOffset": {"field": "level", "sort": levels},
            "x": {"field": "value", "type": "quantitative", "title": "aantal",
                  "axis": {"format": ",d", "tickCount": 5}},
            "color": {
                "field": "level",
                "type": "nominal",
                "title": "niveau",
                "sort": levels,
                "scale": {"domain": levels, "range": [LEVEL_COLOURS.get(lv, FIGURE_COLOUR)
                                                      for lv in levels]},
            },
        },
    }  # fmt: skip
