"""`krapte indicators ...`: growth, CAGR and index per series, region or institution."""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.table import Table

from krapte.cli.common import OutputFormat, console, emit_rows, fail, number, open_store
from krapte.indicators.core.series import DUTCH_GROUPINGS, Grouping
from krapte.indicators.service import (
    IndicatorRequestError,
    IndicatorTable,
    indicator_table,
    tension_table,
)

app = typer.Typer(
    help="Indicatoren: groei, CAGR, index en aggregatie per regio.", no_args_is_help=True
)


@app.command("show")
def show(
    dataset: str = typer.Option(..., "--dataset", help="Naam van de dataset."),
    measure: str | None = typer.Option(None, "--measure", help="Maatstaf binnen de dataset."),
    by: str = typer.Option(
        "series",
        "--by",
        help="Indeling: series|level|programme|institution|province|flanders "
        "(of reeks|niveau|opleiding|instelling|provincie|vlaanderen).",
    ),
    first: int | None = typer.Option(None, "--from", help="Eerste jaar."),
    last: int | None = typer.Option(None, "--to", help="Laatste jaar."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Toon reeksen met absolute en procentuele groei, CAGR en index (eerste jaar = 100)."""
    try:
        grouping = Grouping.parse(by)
    except ValueError as exc:
        fail(str(exc))
    if first is not None and last is not None and first > last:
        fail(f"--from ({first}) ligt na --to ({last})")
    container = open_store()
    with container.session_factory() as session:
        try:
            table = indicator_table(
                session, dataset, measure=measure, grouping=grouping, years=(first, last)
            )
        except IndicatorRequestError as exc:
            fail(str(exc))
    if fmt is OutputFormat.JSON:
        emit_rows([asdict(row) for row in table.rows], fmt)
    elif fmt is OutputFormat.CSV:
        emit_rows(flat_rows(table), fmt)
    elif not table.rows:
        typer.echo(
            f"Geen jaarreeksen voor {table.dataset} – {table.measure} in deze indeling "
            "(groeicijfers over een periode en maandcijfers vormen geen jaarreeks)."
        )
    else:
        console().print(render(table))


def flat_rows(table: IndicatorTable) -> list[dict[str, object]]:
    """One flat row per series: its label columns, a column per year, then the indicators."""
    headers = LABEL_HEADERS[table.grouping]
    rows: list[dict[str, object]] = []
    for row in table.rows:
        label = row.label if len(row.label) == len(headers) else (" / ".join(row.label),)
        names = headers if len(label) == len(headers) else ("reeks",)
        flat: dict[str, object] = dict(zip(names, label, strict=True))
        flat.update({str(year): row.values.get(year) for year in table.years})
        flat.update(
            groei=row.growth_absolute,
            groei_pct=row.growth_percent,
            cagr_pct=row.cagr,
            index=row.index_last,
            eenheid=row.unit,
        )
        rows.append(flat)
    return rows


DUTCH_LABEL = {Grouping(english): dutch for dutch, english in DUTCH_GROUPINGS.items()}
DUTCH_LABEL[Grouping.FLANDERS] = "Vlaanderen"


LABEL_HEADERS: dict[Grouping, tuple[str, ...]] = {
    Grouping.SERIES: ("reeks",),
    Grouping.LEVEL: ("niveau",),
    Grouping.PROGRAMME: ("niveau", "opleiding"),
    Grouping.INSTITUTION: ("niveau", "opleiding", "instelling"),
    Grouping.PROVINCE: ("niveau", "opleiding", "provincie"),
    Grouping.FLANDERS: ("niveau", "opleiding", "regio"),
}


def render(table: IndicatorTable) -> Table:
    years = table.years
    title = f"{table.dataset} – {table.measure} (per {DUTCH_LABEL[table.grouping]})"
    rich_table = Table(title=title)
    headers = LABEL_HEADERS[table.grouping]
    width = max((len(row.label) for row in table.rows), default=1)
    if len(headers) != width:
        headers = ("reeks",)
    for header in headers:
        rich_table.add_column(header, overflow="fold")
    for year in years:
        rich_table.add_column(str(year), justify="right")
    for header in ("groei", "groei %", "CAGR %", "index"):
        rich_table.add_column(header, justify="right")
    for row in table.rows:
        cells = [number(row.values.get(year)) for year in years]
        label = row.label if len(headers) == len(row.label) else (" / ".join(row.label),)
        rich_table.add_row(
            *label,
            *cells,
            number(row.growth_absolute),
            number(row.growth_percent, 1),
            number(row.cagr, 2),
            number(row.index_last, 1),
        )
    return rich_table


@app.command("tension")
def tension(
    dataset: str = typer.Option(
        "werkzoekenden_vacatures", "--dataset", help="Naam van de dataset."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Toon de spanningsratio (werkzoekenden per vacature) per periode en regio."""
    container = open_store()
    with container.session_factory() as session:
        try:
            rows = tension_table(session, dataset)
        except IndicatorRequestError as exc:
            fail(str(exc))
    if fmt is not OutputFormat.TABLE:
        emit_rows([asdict(row) for row in rows], fmt)
        return
    if not rows:
        typer.echo(
            f"Geen periode in {dataset} heeft zowel werkzoekenden als vacatures (zelfde periode, "
            "regio en categorie); importeer de VDAB-cijfers met `krapte data import "
            "--measure vacatures` (zie docs/checks-and-imports.md)."
        )
        return
    table = Table(title=f"Spanningsratio – {dataset}")
    for header in ("periode", "regio", "categorie", "werkzoekenden", "vacatures", "ratio"):
        table.add_column(
            header, justify="right" if header in {"werkzoekenden", "vacatures", "ratio"} else "left"
        )
    for row in rows:
        table.add_row(
            row.period,
            row.geography,
            row.category,
            number(row.job_seekers),
            number(row.vacancies),
            number(row.ratio, 2),
        )
    console().print(table)
