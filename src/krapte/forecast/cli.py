"""`krapte forecast ...`: projection of supply and demand of social workers, with scenarios.

Commands parse their options, call :mod:`krapte.forecast.service` and render its typed results
through the one renderer (:func:`krapte.cli.render.render`). Tables show Dutch labels and
``mediaan [p10 – p90]``; CSV and JSON carry English snake_case keys with plain numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from krapte.cli import group
from krapte.cli.render import OutputFormat, format_option, render
from krapte.formatting import number
from krapte.output import Column, TableView

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork
    from krapte.forecast.core.parameters import Scenario

F = TypeVar("F", bound=Callable[..., Any])
app = group("Prognose van aanbod en vraag van sociaal werkers, met beleidsscenario's.")

SCENARIO_HELP = (
    "Scenario: ingebouwde naam (basis, onboarding_retentie, ...) of pad naar een .toml-bestand. "
    "Herhaal voor meerdere scenario's."
)
#: Outputs shown per year, with their Dutch label and decimals (English key = output name).
RUN_OUTPUTS: tuple[tuple[str, str, int], ...] = (
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


def _scenario_option(default_help: str = "") -> Callable[[F], F]:
    return click.option(
        "references", "--scenario", "-s", multiple=True, help=SCENARIO_HELP + default_help
    )


def _draws_option() -> Callable[[F], F]:
    return click.option(
        "--draws",
        type=click.IntRange(min=1),
        default=2000,
        show_default=True,
        help="Aantal Monte Carlo-trekkingen.",
    )


def _seed_option() -> Callable[[F], F]:
    return click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Startwaarde van de toevalsgenerator.",
    )


def _open_store() -> Callable[[], UnitOfWork]:
    """The store's units of work (opened only when the service reads from it)."""
    from krapte.bootstrap import bootstrap

    return bootstrap().unit_of_work


def band_text(p10: float, p50: float, p90: float, decimals: int = 0) -> str:
    if p50 != p50:  # NaN: no value (flows in the base year)
        return "–"
    low, mid, high = (round(value, decimals) for value in (p10, p50, p90))
    return f"{number(mid, decimals)} [{number(low, decimals)} – {number(high, decimals)}]"


def _band_columns(outputs: Sequence[tuple[str, str, int]]) -> tuple[Column, ...]:
    columns = []
    for key, label, decimals in outputs:
        columns += [
            Column(f"{key}_p10", f"{label} p10", decimals),
            Column(f"{key}_median", f"{label} mediaan", decimals),
            Column(f"{key}_p90", f"{label} p90", decimals),
        ]
    return tuple(columns)


@app.command("run")
@_scenario_option()
@_draws_option()
@_seed_option()
@click.option(
    "--province", default="Vlaanderen", show_default=True, help="Vlaanderen of een provincie."
)
@click.option(
    "base_year",
    "--base-year",
    "--basisjaar",
    type=int,
    default=None,
    help="Basisjaar (standaard 2024).",
)
@click.option("--horizon", type=int, default=None, help="Laatste prognosejaar (standaard 2035).")
@format_option()
@click.option(
    "--chart",
    type=click.Path(path_type=Path, file_okay=False, dir_okay=True),
    default=None,
    help="Map waarin grafieken (PNG en SVG) worden geschreven.",
)
def run(
    references: tuple[str, ...],
    draws: int,
    seed: int,
    province: str,
    base_year: int | None,
    horizon: int | None,
    fmt: OutputFormat,
    chart: Path | None,
) -> None:
    """Projecteer aanbod, vraag, tekort en aanwervingsbehoefte (mediaan en 80%-band)."""
    from krapte.forecast import service

    loaded = service.load_scenarios(references, _open_store(), base_year=base_year, horizon=horizon)
    region = service.resolve_region(province)
    simulations = service.run_scenarios(loaded.scenarios, draws, seed, data=loaded.data)
    per_scenario = [service.year_rows(simulation, region) for simulation in simulations]
    written: list[Path] = []
    if chart is not None:
        from krapte.forecast.charts import write_charts  # Altair loads only when charts are asked

        written = write_charts(simulations, chart, region)
    notes = (loaded.starters_note, CALIBRATION_NOTE)
    if fmt is OutputFormat.TABLE:
        views = []
        for rows in per_scenario:
            first = rows[0]
            views.append(
                TableView(
                    title=f"{first.title} ({first.scenario}) – {region}, {draws} trekkingen",
                    columns=(
                        Column("year", "jaar"),
                        *(Column(key, label) for key, label, _ in RUN_OUTPUTS),
                    ),
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
            )
        views[-1] = replace(views[-1], notes=notes)
        render(views, fmt)
    else:
        render(
            TableView(
                title="prognose",
                columns=(
                    Column("scenario", "scenario"),
                    Column("region", "regio"),
                    Column("year", "jaar", 0),
                    *_band_columns(RUN_OUTPUTS),
                ),
                rows=[row.as_dict() for rows in per_scenario for row in rows],
            ),
            fmt,
        )
    if written:
        click.echo(f"{len(written)} grafieken geschreven naar {chart}", err=True)


COMPARE_BANDS: tuple[tuple[str, str, int], ...] = (
    ("gap", "tekort", 0),
    ("gap_closed", "tekort gedicht", 0),
    ("extra_workers", "extra sociaal werkers", 0),
    ("care_workers_avoided", "zorgmedewerkers vermeden", 0),
)


@app.command("compare")
@_scenario_option(" Standaard: alle ingebouwde scenario's.")
@_draws_option()
@_seed_option()
@format_option()
def compare_command(references: tuple[str, ...], draws: int, seed: int, fmt: OutputFormat) -> None:
    """Vergelijk scenario's met het basisscenario: tekort in het horizonjaar en zijn band."""
    from krapte.forecast import service
    from krapte.forecast.core import scenarios

    names = list(references or scenarios.builtin_names())
    if scenarios.BASELINE not in names:
        names.insert(0, scenarios.BASELINE)
    loaded = service.load_scenarios(names, _open_store())
    comparisons = service.compare(
        service.run_scenarios(loaded.scenarios, draws, seed, data=loaded.data)
    )
    best = service.best_policy(comparisons)
    if fmt is not OutputFormat.TABLE:
        render(
            TableView(
                title="vergelijking",
                columns=(
                    Column("scenario", "scenario"),
                    Column("title", "titel"),
                    Column("recommendations", "aanbevelingen"),
                    Column("horizon", "horizon", 0),
                    *_band_columns(COMPARE_BANDS),
                    Column("gap_closed_pct", "% gedicht", 1),
                ),
                rows=[item.as_dict() for item in comparisons],
            ),
            fmt,
        )
        return
    notes = [loaded.starters_note]
    if best is not None:
        notes.append(
            f"Het meeste van het tekort dicht: {best.scenario} ({best.title}), mediaan "
            f"{number(round(best.gap_closed[1]))} sociaal werkers "
            f"({number(best.gap_closed_pct, 1)}% van het tekort in het basisscenario)."
        )
    render(
        TableView(
            title=(
                f"Scenario's vergeleken in {comparisons[0].horizon} "
                f"(Vlaanderen, {draws} trekkingen)"
            ),
            columns=(
                Column("scenario", "scenario"),
                Column("recommendations", "aanbevelingen"),
                *(Column(key, label) for key, label, _ in COMPARE_BANDS[:2]),
                Column("gap_closed_pct", "% gedicht", 1),
                *(Column(key, label) for key, label, _ in COMPARE_BANDS[2:]),
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
        ),
        fmt,
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


def _parameter_table(scenario: Scenario) -> TableView:
    from krapte.forecast import service

    rows = []
    for row in service.parameter_rows(scenario):
        decimals = 3 if abs(row.value) < 10 else 0
        ramp = f" (vanaf {row.start_year}, opbouw {row.ramp_years} jaar)" if row.changed else ""
        rows.append(
            {
                "name": row.name + ("*" if row.changed else ""),
                "value": row.value,
                "range": f"{number(row.low, decimals)} – {number(row.high, decimals)}",
                "unit": row.unit,
                "provenance": row.provenance + ramp,
            }
        )
    return TableView(
        title=(
            f"Parameters van {scenario.title} ({scenario.name}), "
            f"{scenario.base_year}–{scenario.horizon}"
        ),
        columns=(
            Column("name", "naam"),
            Column("value", "waarde", 3),
            Column("range", "bereik"),
            Column("unit", "eenheid"),
            Column("provenance", "herkomst"),
        ),
        rows=rows,
        caption="* = anders dan in het basisscenario; bereik: driehoeksverdeling (laag – hoog)",
    )


@app.command("params")
@click.option(
    "references", "--scenario", "-s", multiple=True, help=SCENARIO_HELP + " Standaard: basis."
)
@format_option()
def params(references: tuple[str, ...], fmt: OutputFormat) -> None:
    """Toon alle parameters van een scenario: waarde, bereik, eenheid en herkomst."""
    from krapte.forecast import service

    loaded = service.load_scenarios(references, _open_store())
    if fmt is OutputFormat.TABLE:
        render([_parameter_table(scenario) for scenario in loaded.scenarios], fmt)
        return
    views = [
        TableView(
            title=(
                f"Parameters van {scenario.title} ({scenario.name}), "
                f"{scenario.base_year}–{scenario.horizon}"
            ),
            columns=PARAMETER_COLUMNS,
            rows=[row.as_dict() for row in service.parameter_rows(scenario)],
            caption="gewijzigd = anders dan in het basisscenario; laag – hoog: driehoeksverdeling",
        )
        for scenario in loaded.scenarios
    ]
    render(views, fmt)


TARGET_LABELS = {"gap": "tekort", "hiring_need": "aanwervingsbehoefte"}


@app.command("sensitivity")
@click.option("references", "--scenario", "-s", multiple=True, help=SCENARIO_HELP)
@click.option(
    "--samples",
    type=click.IntRange(min=16),
    default=512,
    show_default=True,
    help="Basisgrootte N van de Sobol-steekproef (N × (parameters + 2) modelruns).",
)
@_seed_option()
@format_option()
@click.option(
    "--chart",
    type=click.Path(path_type=Path, file_okay=False, dir_okay=True),
    default=None,
    help="Map waarin het tornadodiagram (PNG en SVG) wordt geschreven.",
)
def sensitivity_command(
    references: tuple[str, ...], samples: int, seed: int, fmt: OutputFormat, chart: Path | None
) -> None:
    """Welke parameter beweegt het tekort en de aanwervingsbehoefte in het horizonjaar het
    meest? Sobol-indices (eerste orde en totaal) over elke onzekere parameter."""
    from krapte.forecast import service

    scenario, found = service.sensitivity(references, _open_store(), samples=samples, seed=seed)
    written: list[Path] = []
    if chart is not None:
        from krapte.forecast.charts import write_tornado

        written = write_tornado(found, scenario, chart)
    rows = [
        {
            "target": index.target,
            "target_label": TARGET_LABELS[index.target],
            "rank": index.rank,
            "parameter": index.parameter,
            "first_order": index.first,
            "first_order_conf": index.first_conf,
            "total": index.total,
            "total_conf": index.total_conf,
        }
        for target in TARGET_LABELS
        for index in found.ranking(target)
    ]
    columns = (
        Column("target", "uitkomst"),
        Column("rank", "rang", 0),
        Column("parameter", "parameter"),
        Column("first_order", "S1", 3),
        Column("first_order_conf", "S1 ±95%", 3),
        Column("total", "ST", 3),
        Column("total_conf", "ST ±95%", 3),
    )
    if fmt is OutputFormat.TABLE:
        views = [
            TableView(
                title=(
                    f"Gevoeligheid van het {label} in {scenario.horizon} (Vlaanderen), "
                    f"{scenario.title}"
                ),
                columns=columns[1:],
                rows=[row for row in rows if row["target"] == target],
                caption=(
                    f"Sobol-indices, N = {samples} ({found.evaluations} modelruns); S1 = eigen "
                    "effect, ST = totaal met interacties; gerangschikt op ST"
                ),
            )
            for target, label in TARGET_LABELS.items()
        ]
        render(views, fmt)
    else:
        render(TableView(title="gevoeligheid", columns=columns, rows=rows), fmt)
    if written:
        click.echo(f"{len(written)} grafieken geschreven naar {chart}", err=True)
