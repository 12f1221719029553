"""The results chart: the organisation's share beside the sector's figures, per question."""

from __future__ import annotations

from typing import Any, Final

from krapte.workforce.survey.core.results import QuestionResult

Spec = dict[str, Any]
SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v5.json"

ORGANISATION: Final = "Jouw organisatie"
SECTOR: Final = "Zorg en welzijn"
SUBSECTOR: Final = "Gehandicaptenzorg, jeugdbijstand en welzijnswerk"
#: The same colour for the same series on every workforce chart.
SERIES_COLOURS: Final = {ORGANISATION: "#0b4f6c", SECTOR: "#9c755f", SUBSECTOR: "#bab0ac"}


def series_rows(questions: tuple[QuestionResult, ...]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for question in questions:
        rows.append({"label": question.label, "series": ORGANISATION, "value": question.share})
        for name, figure in ((SECTOR, question.sector), (SUBSECTOR, question.subsector)):
            if figure is not None:
                rows.append(
                    {
                        "label": question.label,
                        "series": f"{name} {figure.period}",
                        "value": figure.value,
                    }
                )
    return rows


def results_spec(title: str, questions: tuple[QuestionResult, ...]) -> Spec:
    """Grouped horizontal bars: one group per question, one bar per series, in percent."""
    rows = series_rows(questions)
    names = list(dict.fromkeys(str(row["series"]) for row in rows))
    colours = [
        next(colour for prefix, colour in SERIES_COLOURS.items() if name.startswith(prefix))
        for name in names
    ]
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "limit": 640},
        "data": {"values": rows},
        "width": 460,
        # room for the browser's wider rendering of the longest label (the server measures text
        # with its own font)
        "padding": {"left": 40, "top": 5, "right": 5, "bottom": 5},
        "height": {"step": 12},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None,
                  "axis": {"labelLimit": 260}},
            "yOffset": {"field": "series", "type": "nominal", "sort": names},
            "x": {"field": "value", "type": "quantitative", "title": "procent van de werknemers",
                  "scale": {"domain": [0, 100]}, "axis": {"format": ",.0f"}},
            "color": {"field": "series", "type": "nominal", "title": None, "sort": names,
                      "scale": {"domain": names, "range": colours},
                      "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 500}},
        },
    }  # fmt: skip
