"""`krapte forecast ...`: projection of supply and demand of social workers, with scenarios."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from krapte.bootstrap import bootstrap
from krapte.cli.common import OutputFormat, fail, number
from krapte.datahub.core.records import FLANDERS
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import OUTPUTS, Band
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.service import (
    OUTPUT_LABELS,
    Comparison,
    ForecastRequestError,
    YearRow,
    best_policy,
    compare,
    load_scenarios,
    resolve_region,
    run_scenarios,
    year_rows,
)
from krapte.settings import get_settings

app = typer.Typer(
    help="Prognose van aanbod en vraag van sociaal werkers, met beleidsscenario's.",
    no_args_is_help=True,
)

SCENARIO_HELP = (
    "Scenario: ingebouwde naam (basis, onboarding_retentie, ...) of pad naar een .toml-bestand. "
    "Herhaal voor meerdere scenario's."
)
#: The outputs shown per year: all but the raw flows.
TABLE_OUTPUTS = tuple(o for o in OUTPUTS if o not in {"inflow", "outflow"})


def _session_factory() -> sessionmaker[Session] | None:
    """The store, or None when the SQLite file does not exist (no empty database is created)."""
    settings = get_settings()
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and (
        not url.database or url.database == ":memory:" or not Path(url.database).is_file()
    ):
        return None
    return bootstrap(settings).session_factory


def _load(references: list[str] | None, first: int | None, last: int | None) -> list[Scenario]:
    try:
        return load_scenarios(references or [], _session_factory(), years=(first, last))
    except ForecastRequestError as exc:
        fail(str(exc))


def _band_text(p10: float, p50: float, p90: float, decimals: int = 0) -> str:
    if math.isnan(p50):
        return "–"
    low, mid, high = (round(value, decimals) for value in (p10, p50, p90))
    return escape(f"{number(mid, decimals)} [{number(low, decimals)} – {number(high, decimals)}]")


def _decimals(output: str) -> int:
    return 1 if output.endswith("_pct") else (2 if output == "tension" else 0)


def _rounded(value: float, decimals: int) -> float | None:
    return None if math.isnan(value) else round(value, decimals)


def _flat(row: YearRow) -> dict[str, Any]:
    flat: dict[str, Any] = {"scenario": row.scenario, "regio": row.region, "jaar": row.year}
    for output, label in OUTPUT_LABELS.items():
        p10, p50, p90 = row.outputs[output]
        decimals = _decimals(output)
        flat[f"{label}_p10"] = _rounded(p10, decimals)
        flat[f"{label}_mediaan"] = _rounded(p50, decimals)
        flat[f"{label}_p90"] = _rounded(p90, decimals)
    return flat


def _emit_rows(rows: list[dict[str, Any]], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    typer.echo(buffer.getvalue(), nl=False)


@app.command("run")
def run(
    scenario: list[str] | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    draws: int = typer.Option(2000, "--draws", help="Aantal Monte Carlo-trekkingen."),
    seed: int = typer.Option(0, "--seed", min=0, help="Startwaarde van de toevalsgenerator."),
    province: str = typer.Option(FLANDERS, "--province", help="Vlaanderen of een provincie."),
    first: int | None = typer.Option(
        None, "--base-year", "--basisjaar", help="Basisjaar (standaard 2024)."
    ),
    last: int | None = typer.Option(None, "--horizon", help="Laatste prognosejaar (2035)."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
    chart: Path | None = typer.Option(
        None, "--chart", help="Map waarin grafieken (PNG en SVG) worden geschreven."
    ),
) -> None:
    """Projecteer aanbod, vraag, tekort en aanwervingsbehoefte (mediaan en 80%-band)."""
    loaded = _load(scenario, first, last)
    try:
        province = resolve_region(province)
        simulations = run_scenarios(loaded, draws, seed)
        per_scenario = [year_rows(simulation, province) for simulation in simulations]
    except ForecastRequestError as exc:
        fail(str(exc))
    if fmt is OutputFormat.TABLE:
        console = Console(width=200)
        for rows, simulation in zip(per_scenario, simulations, strict=True):
            console.print(_run_table(rows, simulation.scenario, draws))
    else:
        _emit_rows([_flat(row) for rows in per_scenario for row in rows], fmt)
    if chart is not None:
        from krapte.forecast.charts import write_charts  # Altair loads only when charts are asked

        written = write_charts(simulations, chart, province)
        typer.echo(f"{len(written)} grafieken geschreven naar {chart}", err=True)


def _header(label: str) -> str:
    """A column header from an output label: `tekort_pct` -> `tekort (%)`."""
    return label.replace("_pct", " (%)").replace("_55plus", " 55+").replace("_", " ")


def _run_table(rows: list[YearRow], scenario: Scenario, draws: int) -> Table:
    table = Table(
        title=f"{scenario.title} ({scenario.name}) – {rows[0].region}, {draws} trekkingen",
        caption=escape(
            "mediaan [p10 – p90]; aanwervingsbehoefte = uitbreidingsvraag + vervangingsvraag; "
            "vervanging 55+ (%) = aandeel van de aanwervingsbehoefte door uitstroom van "
            "55-plussers (VDAB-definitie)"
        ),
    )
    table.add_column("jaar", justify="right")
    for output in TABLE_OUTPUTS:
        table.add_column(_header(OUTPUT_LABELS[output]), justify="right")
    for row in rows:
        table.add_row(
            str(row.year),
            *(_band_text(*row.outputs[o], decimals=_decimals(o)) for o in TABLE_OUTPUTS),
        )
    return table


def _band_cells(band: Band) -> tuple[float, float, float]:
    return float(band.p10[0]), float(band.p50[0]), float(band.p90[0])


def _comparison_dict(item: Comparison) -> dict[str, Any]:
    result: dict[str, Any] = {
        "scenario": item.scenario,
        "titel": item.title,
        "aanbevelingen": " ".join(item.recommendations),
        "horizon": item.horizon,
    }
    for key, band in (
        ("tekort", item.gap),
        ("tekort_gedicht", item.gap_closed),
        ("extra_sociaal_werkers", item.extra_workers),
        ("zorgmedewerkers_vermeden", item.care_workers_avoided),
    ):
        p10, p50, p90 = _band_cells(band)
        result[f"{key}_p10"] = round(p10)
        result[f"{key}_mediaan"] = round(p50)
        result[f"{key}_p90"] = round(p90)
    result["tekort_gedicht_pct"] = round(item.gap_closed_pct, 1)
    return result


@app.command("compare")
def compare_command(
    scenario: list[str] | None = typer.Option(
        None, "--scenario", "-s", help=SCENARIO_HELP + " Standaard: alle ingebouwde scenario's."
    ),
    draws: int = typer.Option(2000, "--draws", help="Aantal Monte Carlo-trekkingen."),
    seed: int = typer.Option(0, "--seed", min=0, help="Startwaarde van de toevalsgenerator."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Vergelijk scenario's met het basisscenario: tekort in het horizonjaar en zijn band."""
    references = list(scenario or scenarios.builtin_names())
    if scenarios.BASELINE not in references:
        references.insert(0, scenarios.BASELINE)
    loaded = _load(references, None, None)
    try:
        comparisons = compare(run_scenarios(loaded, draws, seed))
    except ForecastRequestError as exc:
        fail(str(exc))
    best = best_policy(comparisons)
    if fmt is not OutputFormat.TABLE:
        _emit_rows([_comparison_dict(item) for item in comparisons], fmt)
        return
    table = Table(
        title=f"Scenario's vergeleken in {comparisons[0].horizon} (Vlaanderen, {draws} trekkingen)",
        caption=escape(
            "mediaan [p10 – p90]; zorgmedewerkers vermeden = extra sociaal werkers × 3 à 4 "
            "(aanbeveling 4)"
        ),
    )
    for header in ("scenario", "aanbevelingen", "tekort", "tekort gedicht", "% gedicht"):
        table.add_column(header, justify="left" if header != "% gedicht" else "right")
    table.add_column("extra sociaal werkers", justify="right")
    table.add_column("zorgmedewerkers vermeden", justify="right")
    for item in comparisons:
        table.add_row(
            item.scenario,
            ", ".join(item.recommendations) or "–",
            _band_text(*_band_cells(item.gap)),
            _band_text(*_band_cells(item.gap_closed)),
            number(item.gap_closed_pct, 1),
            _band_text(*_band_cells(item.extra_workers)),
            _band_text(*_band_cells(item.care_workers_avoided)),
        )
    console = Console(width=200)
    console.print(table)
    if best is not None:
        console.print(
            f"Het meeste van het tekort dicht: [bold]{best.scenario}[/bold] ({best.title}), "
            f"mediaan {number(round(float(best.gap_closed.p50[0])))} sociaal werkers "
            f"({number(best.gap_closed_pct, 1)}% van het tekort in het basisscenario)."
        )


@app.command("params")
def params(
    scenario: str = typer.Option(scenarios.BASELINE, "--scenario", "-s", help=SCENARIO_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Toon alle parameters van een scenario: waarde, bereik, eenheid, bron of aanname."""
    loaded = _load([scenario], None, None)[0]
    rows = [
        {
            "naam": parameter.name,
            "waarde": parameter.value,
            "laag": parameter.low,
            "hoog": parameter.high,
            "eenheid": parameter.unit,
            "gewijzigd": parameter.name in loaded.overrides,
            "bron": parameter.source,
            "aanname": parameter.assumption,
        }
        for parameter in sorted(loaded.parameters.values(), key=lambda p: p.name)
    ]
    if fmt is not OutputFormat.TABLE:
        _emit_rows(rows, fmt)
        return
    table = Table(
        title=f"Parameters van {loaded.title} ({loaded.name}), {loaded.base_year}–{loaded.horizon}",
        caption="* = gewijzigd t.o.v. het basisscenario; bereik = laag – hoog (driehoeksverdeling)",
    )
    for header in ("naam", "waarde", "bereik", "eenheid", "bron of aanname"):
        table.add_column(header, justify="right" if header in ("waarde", "bereik") else "left")
    for parameter in sorted(loaded.parameters.values(), key=lambda p: p.name):
        marker = "*" if parameter.name in loaded.overrides else ""
        table.add_row(
            parameter.name + marker,
            number(parameter.value, 3 if parameter.value < 10 else 0),
            f"{number(parameter.low, 3 if parameter.low < 10 else 0)} – "
            f"{number(parameter.high, 3 if parameter.high < 10 else 0)}",
            parameter.unit,
            parameter.provenance,
        )
    Console(width=200).print(table)
