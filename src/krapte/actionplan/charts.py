"""The action plan's charts as Vega-Lite specifications (served as SVG by the routes).

The same status has the same colour on every chart (:data:`STATUS_COLOURS`). Each chart's figures
are also shown in a table under it on the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from krapte.actionplan.core.followup import STATUS_LABELS, ActionState, Status
from krapte.actionplan.core.indicators import Series
from krapte.formatting import unit_label

Spec = dict[str, Any]

#: One colour per status (colour-blind safe, dark enough on white).
STATUS_COLOURS: Final[dict[Status, str]] = {
    Status.NOT_STARTED: "#8c8c8c",
    Status.UNDER_WAY: "#0b6fa4",
    Status.DONE: "#1b7a3a",
    Status.STALLED: "#c26a00",
    Status.DROPPED: "#7a3b8f",
}


def _span(action: ActionState) -> tuple[date, date]:
    start = action.start_date or action.due_date
    due = action.due_date or action.start_date
    assert start is not None
    assert due is not None
    return start, due


def timeline_spec(actions: tuple[ActionState, ...], today: date) -> Spec:
    """Bars from start to due date per action, coloured by status, with a line for today
    (actions without any date are left out: the table under the chart lists them)."""
    rows = []
    for action in actions:
        if action.start_date is None and action.due_date is None:
            continue
        start, due = _span(action)
        rows.append(
            {
                "action": f"{action.reference} {action.title[:40]}",
                "start": start.isoformat(),
                "due": due.isoformat(),
                "status": STATUS_LABELS[action.status],
            }
        )
    order = [row["action"] for row in rows]
    bars = {
        "mark": {"type": "bar", "height": 14, "cornerRadius": 2},
        "encoding": {
            "y": {"field": "action", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "start", "type": "temporal", "title": "Datum"},
            "x2": {"field": "due"},
            "color": {
                "field": "status",
                "type": "nominal",
                "title": "Status",
                "scale": {
                    "domain": [STATUS_LABELS[status] for status in Status],
                    "range": [STATUS_COLOURS[status] for status in Status],
                },
            },
        },
    }
    today_rule = {
        "data": {"values": [{"today": today.isoformat()}]},
        "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#222"},
        "encoding": {"x": {"field": "today", "type": "temporal"}},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Acties van het actieplan: van start tot einddatum",
        "width": 640,
        "height": {"step": 22},
        "data": {"values": rows},
        "layer": [bars, today_rule],
    }


def indicator_spec(found: Series) -> Spec:
    """The indicator's figures per period as a line with points; the unit on the axis."""
    rows = [{"period": point.period, "value": point.value} for point in found.points]
    unit = unit_label(found.unit) if found.unit else "aantal"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": found.indicator.label,
        "width": 420,
        "height": 180,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "color": "#0b6fa4"},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": "Periode"},
            "y": {"field": "value", "type": "quantitative", "title": unit},
        },
    }
