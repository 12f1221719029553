"""`krapte forecast ...`: projection of supply and demand of social workers, with scenarios.

Commands parse their options, call :mod:`krapte.forecast.service` and render its typed results
through :mod:`krapte.forecast.views` and the one renderer (:func:`krapte.cli.render.render`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from krapte.cli import group
from krapte.cli.render import OutputFormat, format_option, render

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

F = TypeVar("F", bound=Callable[..., Any])
app = group("Prognose van aanbod en vraag van sociaal werkers, met beleidsscenario's.")

SCENARIO_HELP = (
    "Scenario: ingebouwde naam (basis, onboarding_retentie, ...) of pad naar een .toml-bestand. "
    "Herhaal voor meerdere scenario's."
)


def _scenario_option(default_help: str = "") -> Callable[[F], F]:
    return click.option(
        "references", "--scenario", "-s", multiple=True, help=SCENARIO_HELP + default_help
    )


def _whole_number_option(name: str, minimum: int, default: int, help: str) -> Callable[[F], F]:
    return click.option(
        name, type=click.IntRange(min=minimum), default=default, show_default=True, help=help
    )


draws_option = _whole_number_option("--draws", 1, 2000, "Aantal Monte Carlo-trekkingen.")
seed_option = _whole_number_option("--seed", 0, 0, "Startwaarde van de toevalsgenerator.")
samples_option = _whole_number_option(
    "--samples", 16, 512, "Basisgrootte N van de Sobol-steekproef (N × (parameters + 2) modelruns)."
)


def _chart_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--chart",
        type=click.Path(path_type=Path, file_okay=False, dir_okay=True),
        default=None,
        help=help,
    )


def _open_store() -> Callable[[], UnitOfWork]:
    """The store's units of work (opened only when the service reads from it)."""
    from krapte.bootstrap import bootstrap

    return bootstrap().unit_of_work


def _say_written(written: list[Path], folder: Path | None) -> None:
    if written:
        click.echo(f"{len(written)} grafieken geschreven naar {folder}", err=True)


@app.command("run")
@_scenario_option()
@draws_option
@seed_option
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
@_chart_option("Map waarin grafieken (PNG en SVG) worden geschreven.")
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
    from krapte.forecast import service, views

    result = service.run_forecast(
        references,
        _open_store(),
        draws=draws,
        seed=seed,
        province=province,
        base_year=base_year,
        horizon=horizon,
    )
    written: list[Path] = []
    if chart is not None:
        from krapte.forecast.charts import write_charts  # Altair loads only when charts are asked

        written = write_charts(result.simulations, chart, result.region)
    render(views.run_views(result, table=fmt is OutputFormat.TABLE), fmt)
    _say_written(written, chart)


@app.command("compare")
@_scenario_option(" Standaard: alle ingebouwde scenario's.")
@draws_option
@seed_option
@format_option()
def compare_command(references: tuple[str, ...], draws: int, seed: int, fmt: OutputFormat) -> None:
    """Vergelijk scenario's met het basisscenario: tekort in het horizonjaar en zijn band."""
    from krapte.forecast import service, views

    result = service.compare_scenarios(references, _open_store(), draws=draws, seed=seed)
    render(views.comparison_view(result, table=fmt is OutputFormat.TABLE), fmt)


@app.command("params")
@_scenario_option(" Standaard: basis.")
@format_option()
def params(references: tuple[str, ...], fmt: OutputFormat) -> None:
    """Toon alle parameters van een scenario: waarde, bereik, eenheid en herkomst."""
    from krapte.forecast import service, views

    found = service.scenario_parameters(references, _open_store())
    render(views.parameter_views(found, table=fmt is OutputFormat.TABLE), fmt)


@app.command("sensitivity")
@_scenario_option()
@samples_option
@seed_option
@format_option()
@_chart_option("Map waarin het tornadodiagram (PNG en SVG) wordt geschreven.")
def sensitivity_command(
    references: tuple[str, ...], samples: int, seed: int, fmt: OutputFormat, chart: Path | None
) -> None:
    """Welke parameter beweegt het tekort en de aanwervingsbehoefte in het horizonjaar het
    meest? Sobol-indices (eerste orde en totaal) over elke onzekere parameter; parameters
    waarvan de 95%-intervallen overlappen, delen hun plaats."""
    from krapte.forecast import service, views

    scenario, found = service.sensitivity(references, _open_store(), samples=samples, seed=seed)
    written: list[Path] = []
    if chart is not None:
        from krapte.forecast.charts import write_tornado

        written = write_tornado(found, scenario, chart)
    render(views.sensitivity_views(found, scenario, table=fmt is OutputFormat.TABLE), fmt)
    _say_written(written, chart)
