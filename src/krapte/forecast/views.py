"""The forecast's results as tables (:class:`krapte.output.TableView`) for every output format.

With ``table=True`` a view is what people read: Dutch labels, ``mediaan [p10 – p90]`` in one
cell, notes under the table. Otherwise it is what JSON and CSV carry: English snake_case keys and
plain numbers, a band as three columns (``gap_p10``, ``gap_median``, ``gap_p90``). Nothing here
depends on the command line, so the web can show the same views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from krapte.forecast.core.parameters import Scenario
from krapte.forecast.core.sensitivity import Index, Sensitivity
from krapte.forecast.results import ParameterRow
from krapte.forecast.service import ForecastRun, ScenarioComparison, ScenarioParameters
from krapte.formatting import number
from krapte.output import Column, TableView

#: A band's output: English key, Dutch label, decimals.
Output = tuple[str, str, int]
#: Outputs shown per year, with their Dutch label and decimals (English key = output name).
RUN_OUTPUTS: tuple[Output, ...] = (
    ("supply", "aanbod", 0),
    ("demand", "vraag", 0),
    ("gap", "tekort", 0),
    ("gap_pct", "tekort (%)", 1),
    ("gap_fte", "tekort (vte)", 0),
    ("hiring_need", "aanwervingsbehoefte", 0),
    ("expansion_need", "uitbreidingsvraag", 0),
    ("replacement_need", "vervangingsvraag", 0),
    ("replacement_55plus_pct", "vervanging 55+ (%)", 1),
    ("tension", "spanningsindicator", 2),
)
BAND_CAPTION = "mediaan [p10 – p90]"
CALIBRATION_NOTE = (
    "Kalibratie, geen validatie: de instroom zonder diploma sociaal werk is per trekking zo "
    "gekozen dat de tewerkstelling 2014–2023 groeit zoals het rapport drukt (2.1)."
)


def band_text(p10: float, p50: float, p90: float, decimals: int = 0) -> str:
    if p50 != p50:  # NaN: no value (flows in the base year)
        return "–"
    low, mid, high = (round(value, decimals) for value in (p10, p50, p90))
    return f"{number(mid, decimals)} [{number(low, decimals)} – {number(high, decimals)}]"


def band_columns(outputs: Sequence[Output]) -> tuple[Column, ...]:
    """Three numeric columns per band output (JSON and CSV)."""
    columns = []
    for key, label, decimals in outputs:
        columns += [
            Column(f"{key}_p10", f"{label} p10", decimals),
            Column(f"{key}_median", f"{label} mediaan", decimals),
            Column(f"{key}_p90", f"{label} p90", decimals),
        ]
    return tuple(columns)


def text_columns(outputs: Sequence[Output]) -> tuple[Column, ...]:
    """One text column per band output (``mediaan [p10 – p90]``, tables)."""
    return tuple(Column(key, label) for key, label, _ in outputs)


def run_views(result: ForecastRun, *, table: bool) -> list[TableView]:
    """A table per scenario (years down, outputs across), or one table of every row."""
    if not table:
        return [
            TableView(
                title="prognose",
                columns=(
                    Column("scenario", "scenario"),
                    Column("region", "regio"),
                    Column("year", "jaar", 0),
                    *band_columns(RUN_OUTPUTS),
                ),
                rows=[row.as_dict() for rows in result.years for row in rows],
            )
        ]
    views = [
        TableView(
            title=(
                f"{rows[0].title} ({rows[0].scenario}) – {result.region}, {result.draws} trekkingen"
            ),
            columns=(Column("year", "jaar"), *text_columns(RUN_OUTPUTS)),
            rows=[
                {
                    "year": str(row.year),
                    **{
                        key: band_text(*row.outputs[key], decimals=decimals)
                        for key, _, decimals in RUN_OUTPUTS
                    },
                }
                for row in rows
            ],
            caption=(
                f"{BAND_CAPTION}; aanwervingsbehoefte = uitbreidingsvraag + "
                "vervangingsvraag; vervanging 55+ (%) = aandeel van de "
                "aanwervingsbehoefte door uitstroom van 55-plussers (VDAB-definitie)"
            ),
        )
        for rows in result.years
    ]
    views[-1] = replace(views[-1], notes=(result.starters_note, CALIBRATION_NOTE))
    return views


COMPARE_BANDS: tuple[Output, ...] = (
    ("gap", "tekort", 0),
    ("gap_closed", "tekort gedicht", 0),
    ("extra_workers", "extra sociaal werkers", 0),
    ("care_workers_avoided", "zorgmedewerkers vermeden", 0),
)


def comparison_view(result: ScenarioComparison, *, table: bool) -> TableView:
    """Every scenario against the baseline in the horizon year; the table names the best."""
    comparisons = result.comparisons
    if not table:
        return TableView(
            title="vergelijking",
            columns=(
                Column("scenario", "scenario"),
                Column("title", "titel"),
                Column("recommendations", "aanbevelingen"),
                Column("horizon", "horizon", 0),
                *band_columns(COMPARE_BANDS),
                Column("gap_closed_pct", "% gedicht", 1),
            ),
            rows=[item.as_dict() for item in comparisons],
        )
    notes = [result.starters_note]
    best = result.best
    if best is not None:
        notes.append(
            f"Het meeste van het tekort dicht: {best.scenario} ({best.title}), mediaan "
            f"{number(round(best.gap_closed[1]))} sociaal werkers "
            f"({number(best.gap_closed_pct, 1)}% van het tekort in het basisscenario)."
        )
    return TableView(
        title=(
            f"Scenario's vergeleken in {comparisons[0].horizon} "
            f"(Vlaanderen, {result.draws} trekkingen)"
        ),
        columns=(
            Column("scenario", "scenario"),
            Column("recommendations", "aanbevelingen"),
            *text_columns(COMPARE_BANDS[:2]),
            Column("gap_closed_pct", "% gedicht", 1),
            *text_columns(COMPARE_BANDS[2:]),
        ),
        rows=[
            {
                "scenario": item.scenario,
                "recommendations": ", ".join(item.recommendations) or "–",
                "gap_closed_pct": item.gap_closed_pct,
                **{key: band_text(*getattr(item, key)) for key, _, _ in COMPARE_BANDS},
            }
            for item in comparisons
        ],
        caption=(
            f"{BAND_CAPTION}; zorgmedewerkers vermeden = extra sociaal werkers in "
            "outreachend werk × 3 à 4 (aanbeveling 4)"
        ),
        notes=tuple(notes),
    )


PARAMETER_COLUMNS = (
    Column("scenario", "scenario"),
    Column("name", "naam"),
    Column("value", "waarde", 3),
    Column("low", "laag", 3),
    Column("high", "hoog", 3),
    Column("unit", "eenheid"),
    Column("changed", "gewijzigd"),
    Column("provenance_kind", "soort herkomst"),
    Column("provenance", "herkomst"),
    Column("start_year", "vanaf", 0),
    Column("ramp_years", "opbouw (jaar)", 0),
)


def _parameter_cells(row: ParameterRow) -> dict[str, object]:
    """A parameter as a table shows it: a range in one cell, the ramp-up with the provenance."""
    decimals = 3 if abs(row.value) < 10 else 0
    ramp = f" (vanaf {row.start_year}, opbouw {row.ramp_years} jaar)" if row.changed else ""
    return {
        "name": row.name + ("*" if row.changed else ""),
        "value": row.value,
        "range": f"{number(row.low, decimals)} – {number(row.high, decimals)}",
        "unit": row.unit,
        "provenance": row.provenance + ramp,
    }


PARAMETER_TABLE_COLUMNS = (
    Column("name", "naam"),
    Column("value", "waarde", 3),
    Column("range", "bereik"),
    Column("unit", "eenheid"),
    Column("provenance", "herkomst"),
)
PARAMETER_CAPTION = "gewijzigd = anders dan in het basisscenario; laag – hoog: driehoeksverdeling"
PARAMETER_TABLE_CAPTION = (
    "* = anders dan in het basisscenario; bereik: driehoeksverdeling (laag – hoog)"
)


def parameter_views(found: Sequence[ScenarioParameters], *, table: bool) -> list[TableView]:
    """A table of parameters per scenario: value, range, unit and provenance."""
    return [
        TableView(
            title=(
                f"Parameters van {item.scenario.title} ({item.scenario.name}), "
                f"{item.scenario.base_year}–{item.scenario.horizon}"
            ),
            columns=PARAMETER_TABLE_COLUMNS if table else PARAMETER_COLUMNS,
            rows=[_parameter_cells(row) if table else row.as_dict() for row in item.rows],
            caption=PARAMETER_TABLE_CAPTION if table else PARAMETER_CAPTION,
        )
        for item in found
    ]


#: The outputs the sensitivity analysis ranks, with their Dutch name (and its article).
TARGET_LABELS = {"gap": "tekort", "hiring_need": "aanwervingsbehoefte"}
TARGET_NAMES = {"gap": "het tekort", "hiring_need": "de aanwervingsbehoefte"}
SENSITIVITY_COLUMNS = (
    Column("target", "uitkomst"),
    Column("rank", "rang", 0),
    Column("parameter", "parameter"),
    Column("first_order", "S1", 3),
    Column("first_order_conf", "S1 ±95%", 3),
    Column("total", "ST", 3),
    Column("total_conf", "ST ±95%", 3),
    Column("place_from", "plaats vanaf", 0),
    Column("place_to", "plaats tot", 0),
)


def place_text(index: Index) -> str:
    """``3`` for a place of its own, ``3–5`` for a place shared with others."""
    if index.tied:
        return f"{index.place_from}–{index.place_to}"
    return str(index.place_from)


def _names(indices: Sequence[Index]) -> str:
    names = [index.parameter for index in indices]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def top_line(found: Sensitivity, target: str, horizon: int) -> str:
    """The parameters that can hold one of the first three places, ties said as ties."""
    parts = []
    for group in found.shared_places(target):
        shared = "delen " if len(group) > 1 else ""
        parts.append(f"{_names(group)} ({shared}plaats {place_text(group[0])})")
    return f"Top drie van {TARGET_NAMES[target]} in {horizon}: {'; '.join(parts)}."


TIE_CAPTION = (
    "plaats: de plaatsen die de parameter kan innemen; overlappen de 95%-intervallen van ST, "
    "dan delen parameters een plaats (bv. 3–5) en staat hun volgorde niet vast"
)


def sensitivity_views(found: Sensitivity, scenario: Scenario, *, table: bool) -> list[TableView]:
    """The ranking of every uncertain parameter for the gap and the hiring need."""
    rows = [
        {
            "target": index.target,
            "rank": index.rank,
            "place": place_text(index),
            "parameter": index.parameter,
            "first_order": index.first,
            "first_order_conf": index.first_conf,
            "total": index.total,
            "total_conf": index.total_conf,
            "place_from": index.place_from,
            "place_to": index.place_to,
        }
        for target in TARGET_LABELS
        for index in found.ranking(target)
    ]
    if not table:
        return [TableView(title="gevoeligheid", columns=SENSITIVITY_COLUMNS, rows=rows)]
    return [
        TableView(
            title=(
                f"Gevoeligheid van {TARGET_NAMES[target]} in {scenario.horizon} (Vlaanderen), "
                f"{scenario.title}"
            ),
            columns=(
                SENSITIVITY_COLUMNS[1],
                Column("place", "plaats"),
                *SENSITIVITY_COLUMNS[2:7],
            ),
            rows=[row for row in rows if row["target"] == target],
            caption=(
                f"Sobol-indices, N = {found.samples} ({found.evaluations} modelruns); S1 = eigen "
                f"effect, ST = totaal met interacties; gerangschikt op ST; {TIE_CAPTION}"
            ),
            notes=(top_line(found, target, scenario.horizon),),
        )
        for target in TARGET_LABELS
    ]
