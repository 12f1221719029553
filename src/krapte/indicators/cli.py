"""`krapte indicators ...`: growth, CAGR and index per series, region or institution."""

from __future__ import annotations

import click

from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render

app = group("Indicatoren: groei, CAGR, index en aggregatie per regio.")


@app.command("show")
@click.option("--dataset", required=True, help="Naam van de dataset.")
@click.option("--measure", help="Maatstaf binnen de dataset.")
@click.option(
    "--by",
    default="series",
    show_default=True,
    help="Indeling: series|level|programme|institution|province|flanders "
    "(of reeks|niveau|opleiding|instelling|provincie|vlaanderen).",
)
@click.option("--from", "first", type=int, help="Eerste jaar.")
@click.option("--to", "last", type=int, help="Laatste jaar.")
@format_option()
def show(
    dataset: str,
    measure: str | None,
    by: str,
    first: int | None,
    last: int | None,
    fmt: OutputFormat,
) -> None:
    """Toon reeksen met absolute en procentuele groei, CAGR en index (eerste jaar = 100)."""
    from krapte.indicators.core.series import Grouping
    from krapte.indicators.service import indicator_table
    from krapte.indicators.views import indicator_view

    table = indicator_table(
        unit_of_work(),
        dataset,
        measure=measure,
        grouping=Grouping.parse(by),
        years=(first, last),
    )
    render(indicator_view(table), fmt)


@app.command("tension")
@click.option(
    "--dataset", default="werkzoekenden_vacatures", show_default=True, help="Naam van de dataset."
)
@format_option()
def tension(dataset: str, fmt: OutputFormat) -> None:
    """Toon de spanningsratio (werkzoekenden per vacature) per periode en regio."""
    from krapte.indicators.service import tension_table
    from krapte.indicators.views import tension_view

    render(tension_view(dataset, tension_table(unit_of_work(), dataset)), fmt)
