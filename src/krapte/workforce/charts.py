"""The workforce monitor's charts as Vega-Lite specifications (drawn as SVG by the web).

Levels keep the colours they have on every other chart of the site
(:data:`krapte.indicators.charts.LEVEL_COLOURS`); titles say what the chart shows, the axis
carries the unit, years stay horizontal.
"""

from __future__ import annotations

from typing import Any, Final

from krapte.indicators.charts import FIGURE_COLOUR, LEVEL_COLOURS, SCHEMA
from krapte.workforce.core.disclosure import TOTAL
from krapte.workforce.core.indicators import OrganisationIndicators
from krapte.workforce.core.records import TEAM_LEVELS
from krapte.workforce.core.sector import SectorTable

Spec = dict[str, Any]
SOCIAL_WORKER_COLOUR: Final = "#e15759"
WIDTH: Final = 560


def _years_axis() -> Spec:
    return {"field": "year", "type": "ordinal", "title": "jaar", "axis": {"labelAngle": 0}}


def turnover_spec(indicators: OrganisationIndicators) -> Spec:
    """Turnover per year (percent): all staff and social workers, complete years only."""
    rows = []
    for year in indicators.years:
        if year.partial:
            continue
        for label, rate in (
            ("alle medewerkers", year.turnover_rate),
            ("sociaal werkers", year.social_worker_turnover_rate),
        ):
            if rate is not None:
                rows.append({"year": str(year.year), "group": label, "rate": rate * 100})
    first = rows[0]["year"] if rows else ""
    last = rows[-1]["year"] if rows else ""
    return {
        "$schema": SCHEMA,
        "title": f"Verloop per jaar, {indicators.organisation}, {first}–{last}",
        "data": {"values": rows},
        "width": WIDTH,
        "height": 220,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": _years_axis(),
            "y": {
                "field": "rate",
                "type": "quantitative",
                "title": "verloop (procent)",
                "axis": {"format": ",.1f"},
            },
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": ["alle medewerkers", "sociaal werkers"],
                    "range": [FIGURE_COLOUR, SOCIAL_WORKER_COLOUR],
                },
            },
        },
    }


def team_mix_spec(indicators: OrganisationIndicators) -> Spec:
    """Social workers on 31 December by level, stacked per year."""
    rows = [
        {"year": str(t.year), "level": t.level, "headcount": t.headcount}
        for t in indicators.team_mix
    ]
    years = sorted({str(t.year) for t in indicators.team_mix})
    span = f"{years[0]}–{years[-1]}" if years else ""
    return {
        "$schema": SCHEMA,
        "title": f"Teammix van de sociaal werkers, {indicators.organisation}, {span}",
        "data": {"values": rows},
        "width": WIDTH,
        "height": 220,
        "mark": "bar",
        "encoding": {
            "x": _years_axis(),
            "y": {
                "field": "headcount",
                "type": "quantitative",
                "title": "personen",
                "axis": {"format": ",d", "tickMinStep": 1},
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "title": "niveau",
                "scale": {
                    "domain": list(TEAM_LEVELS),
                    "range": [LEVEL_COLOURS[level] for level in TEAM_LEVELS],
                },
            },
            "order": {"field": "level", "sort": "ascending"},
        },
    }


MEASURE_TITLES: Final = {
    "headcount": ("Sociaal werkers op 31 december", "personen"),
    "inflow": ("Instroom van sociaal werkers", "personen"),
    "outflow": ("Uitstroom van sociaal werkers", "personen"),
    "turnover_rate": ("Verloop van sociaal werkers", "verloop (procent)"),
}


def sector_spec(table: SectorTable, measure: str, label: str) -> Spec:
    """One published measure per year for each value of a one-dimension breakdown."""
    title, unit = MEASURE_TITLES[measure]
    rows = []
    for row in table.rows:
        value = getattr(row, measure)
        if value is None or len(row.key) != 1 or row.key[0] == TOTAL:
            continue
        rows.append(
            {
                "year": str(row.year),
                "group": row.key[0],
                "value": value * 100 if measure == "turnover_rate" else value,
            }
        )
    span = f"{table.years[0]}–{table.years[-1]}" if table.years else ""
    return {
        "$schema": SCHEMA,
        "title": f"{title}, per {label}, {span}",
        "data": {"values": rows},
        "width": WIDTH,
        "height": 260,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": _years_axis(),
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": unit,
                "axis": {"format": ",.1f" if measure == "turnover_rate" else ",d"},
            },
            "color": {"field": "group", "type": "nominal", "title": label},
        },
    }
