"""Vega-Lite specifications of the action plan's charts (drawn by :mod:`krapte.web.charts`)."""

from __future__ import annotations

from typing import Any

from krapte.actionplan.core.indicators import Series
from krapte.formatting import unit_label

#: One colour for an indicator's line on every page and in every report.
INDICATOR_COLOUR = "#1f5f8b"


def indicator_spec(found: Series) -> dict[str, Any]:
    """A line (several periods) or bar (one period) of an indicator's figures."""
    values = [{"periode": point.period, "waarde": point.value} for point in found.points]
    axis_title = unit_label(found.unit).capitalize() or "Waarde"
    mark: dict[str, Any] = (
        {"type": "line", "point": True, "color": INDICATOR_COLOUR}
        if len(values) > 1
        else {"type": "bar", "color": INDICATOR_COLOUR, "size": 40}
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": found.indicator.label,
        "width": 420,
        "height": 180,
        "data": {"values": values},
        "mark": mark,
        "encoding": {
            "x": {"field": "periode", "type": "ordinal", "title": None},
            "y": {
                "field": "waarde",
                "type": "quantitative",
                "title": axis_title,
                "axis": {"format": ",.1~f"},
            },
            "tooltip": [
                {"field": "periode", "type": "ordinal", "title": "Periode"},
                {"field": "waarde", "type": "quantitative", "title": axis_title, "format": ",.1~f"},
            ],
        },
    }
