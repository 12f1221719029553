"""The explorer's chart: a Vega-Lite specification of a selection (drawn as SVG by the web).

A grouped selection is drawn as its sums (lines over the periods when grouped by period, bars
otherwise); any other selection as the first rows of its wide table, a line per row over the
periods (bars when it holds one period). Rows in another unit than the first row's are left out,
so the axis has one unit.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Final

from krapte.datahub.core.explorer import WideRow
from krapte.datahub.core.records import FLANDERS
from krapte.datahub.core.selection import GROUPS
from krapte.datahub.explorer import ExplorerPage
from krapte.formatting import unit_label

#: Most lines or bars in one chart (more become unreadable).
MAX_SERIES: Final = 8
#: One palette for the explorer: the same order of colours on every chart (colour-blind safe).
PALETTE: Final = (
    "#0b4f6c",
    "#e07a1f",
    "#3a8f3a",
    "#b5338a",
    "#6c5b9e",
    "#8c6d1f",
    "#1f8fa3",
    "#c0392b",
)
WIDTH: Final = 640
HEIGHT: Final = 260


def row_label(keys: dict[str, str], several_measures: bool, fixed: Collection[str] = ()) -> str:
    """A short Dutch name of a row: what it is about, 'totaal' for a printed total.

    Dimensions in ``fixed`` (filtered on: the same for every row) are left out."""
    parts = [keys.get("measure", "")] if several_measures else []
    names = ("institution", "programme", "level", "category")
    parts.extend(keys.get(name, "") for name in names if name not in fixed)
    if keys.get("geography", FLANDERS) != FLANDERS:
        parts.append(keys["geography"])
    named = [part for part in parts if part]
    if keys.get("institution", "x") == "" and keys.get("programme", "x") != "":
        named.append("totaal")
    return ", ".join(named) or "totaal"


def _axis_title(unit: str) -> str:
    return "%" if unit == "percent" else unit_label(unit)


def chart_title(page: ExplorerPage) -> str:
    """What the chart shows, in words: the dataset, the measure and the periods."""
    selection = page.selection
    title = page.dataset.title
    if selection.measure:
        title += f": {selection.measure.replace('_', ' ')}"
    periods = page.wide.periods if page.wide else ()
    if periods:
        title += f", {periods[0]}–{periods[-1]}" if len(periods) > 1 else f", {periods[0]}"
    return title


def _encoding(x: dict[str, Any], unit: str, colour: bool) -> dict[str, Any]:
    encoding: dict[str, Any] = {
        "x": x,
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": _axis_title(unit),
            "axis": {"format": ",.4~f"},
        },
    }
    if colour:
        encoding["color"] = {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": {"range": list(PALETTE)},
            "sort": None,
            "legend": {"orient": "bottom", "columns": 1, "labelLimit": 600, "symbolType": "stroke"},
        }
    return encoding


def _wide_points(
    rows: tuple[WideRow, ...], periods: tuple[str, ...], several: bool, fixed: Collection[str]
) -> list[Any]:
    unit = rows[0].keys["unit"]
    points = []
    for row in rows[:MAX_SERIES]:
        if row.keys["unit"] != unit:
            continue
        label = row_label(row.keys, several, fixed)
        for period, cell in zip(periods, row.cells, strict=True):
            if cell is not None:
                points.append({"series": label, "x": period, "value": cell.high})
    return points


def chart_spec(page: ExplorerPage) -> dict[str, Any]:
    """The Vega-Lite specification of the page's selection (an empty chart says so)."""
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": chart_title(page),
        "width": WIDTH,
        "height": HEIGHT,
    }
    if page.aggregation is not None and page.aggregation.rows:
        return spec | _grouped(page)
    if page.wide is None or not page.wide.rows:
        return spec | {
            "data": {"values": []},
            "mark": "text",
            "encoding": {"text": {"value": "Geen cijfers voor deze selectie"}},
        }
    several = len(page.choices.measures) > 1 and not page.selection.measure
    fixed = set(page.selection.filters)
    points = _wide_points(page.wide.rows, page.wide.periods, several, fixed)
    unit = page.wide.rows[0].keys["unit"]
    single = len(page.wide.periods) == 1
    if single:
        x: dict[str, Any] = {"field": "series", "type": "nominal", "title": None, "sort": None}
        return spec | {
            "data": {"values": points},
            "mark": {"type": "bar", "color": PALETTE[0]},
            "encoding": _encoding(x, unit, colour=False)
            | {"x": {"field": "value", "type": "quantitative", "title": _axis_title(unit)}}
            | {"y": x},
        }
    x_axis: dict[str, Any] = {"field": "x", "type": "ordinal", "title": "periode"}
    x_axis["sort"] = list(page.wide.periods)
    return spec | {
        "data": {"values": points},
        "mark": {"type": "line", "point": True},
        "encoding": _encoding(x_axis, unit, colour=True),
    }


def _grouped(page: ExplorerPage) -> dict[str, Any]:
    assert page.aggregation is not None
    group = page.selection.group
    others = [name for name in group if name != "period"]
    points = []
    for row in page.aggregation.rows:
        series = ", ".join(row.keys[name] or "(geen)" for name in others) or "totaal"
        x = row.keys.get("period", series)
        points.append({"series": series, "x": x, "value": row.total})
    if "period" in group:
        series_names = list(dict.fromkeys(point["series"] for point in points))[:MAX_SERIES]
        points = [point for point in points if point["series"] in series_names]
        x_axis = {"field": "x", "type": "ordinal", "title": "periode"}
        return {
            "data": {"values": points},
            "mark": {"type": "line", "point": True},
            "encoding": _encoding(x_axis, "count", colour=len(series_names) > 1),
        }
    label = ", ".join(GROUPS[name] for name in others)
    bars = {"field": "series", "type": "nominal", "title": label, "sort": None}
    return {
        "data": {"values": points[: MAX_SERIES * 3]},
        "mark": {"type": "bar", "color": PALETTE[0]},
        "encoding": _encoding(bars, "count", colour=False)
        | {"x": {"field": "value", "type": "quantitative", "title": "aantal (som)"}}
        | {"y": bars},
    }
