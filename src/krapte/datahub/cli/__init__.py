"""`krapte data ...`: list, export, import, restore and validate the store's datasets."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from krapte.cli import group, unit_of_work
from krapte.cli.errors import report
from krapte.cli.render import OutputFormat, format_option, render
from krapte.formatting import plural

app = group("Datahub: datasets tonen, importeren, controleren en exporteren.")


@app.command("list")
@format_option()
def list_datasets(fmt: OutputFormat) -> None:
    """Toon de datasets in de databank met hun versies."""
    from krapte.datahub import service
    from krapte.datahub.views import dataset_list_view

    render(dataset_list_view(service.list_datasets(unit_of_work())), fmt)


@app.command("export")
@format_option(OutputFormat.CSV, OutputFormat.JSON)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Bestand; standaard de terminal.",
)
@click.option("--all-releases", is_flag=True, help="Ook oudere versies, met een kolom release.")
def export(fmt: OutputFormat, out: Path | None, all_releases: bool) -> None:
    """Schrijf de hele databank in het tidy formaat (één rij per waarneming)."""
    from krapte.datahub import service
    from krapte.datahub.views import export_view
    from krapte.output import write_json_file
    from krapte.tabular import write_csv

    view = export_view(
        service.export_rows(unit_of_work(), all_releases=all_releases),
        all_releases=all_releases,
    )
    if out is None:
        render(view, fmt)
        return
    if fmt is OutputFormat.CSV:
        write_csv(out, view.keys, ([r[k] for k in view.keys] for r in view.records()))
    else:
        write_json_file(out, [view])
    click.echo(f"Geschreven: {out} ({plural(len(view.rows), 'rij', 'rijen')})", err=True)


@app.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dataset", required=True, help="Dataset waarvan dit een nieuwe versie is.")
@click.option("--measure", help="Maatstaf; standaard de naam van de dataset.")
@click.option("--level", default="", help="Niveau voor rijen zonder niveaukolom.")
@click.option("--unit", default="count", show_default=True, help="Eenheid: count, percent, ...")
@click.option("--source", help="Bron; standaard de bestandsnaam.")
@click.option("--section", default="", help="Rapportsectie, bv. 4.1.1.")
@click.option("--table", help="Tabel-id; standaard de bestandsnaam.")
@click.option("--label", help="Omschrijving van deze versie.")
@click.option("--sheet", help="Tabblad (XLSX); standaard het eerste.")
@click.option(
    "--remove-missing",
    is_flag=True,
    help="Cijfers van de geïmporteerde maatstaf die in het bestand ontbreken, mogen weg.",
)
@click.pass_context
def import_file(
    ctx: click.Context,
    file: Path,
    dataset: str,
    measure: str | None,
    level: str,
    unit: str,
    source: str | None,
    section: str,
    table: str | None,
    label: str | None,
    sheet: str | None,
    remove_missing: bool,
) -> None:
    """Importeer een CSV- of XLSX-export als nieuwe versie van een dataset (alles of niets).

    Eén rij per instelling/opleiding, één kolom per jaar of maand, Vlaamse getallen (1.938 en
    39,9). De import zegt wat hij toevoegt, wijzigt en verwijdert ten opzichte van de geldende
    versie.
    """
    from krapte.cli.progress import RowProgress
    from krapte.datahub.core.importer import ImportOptions
    from krapte.datahub.import_service import RemovalNotConfirmed
    from krapte.datahub.import_service import import_file as run_import
    from krapte.datahub.views import import_lines

    options = ImportOptions(
        dataset=dataset,
        measure=measure,
        level=level,
        unit=unit,
        source=source,
        section=section,
        table=table,
        label=label,
        sheet=sheet,
    )
    uow = unit_of_work(write=True)
    with closing(RowProgress("Cijfers opslaan")) as progress:
        try:
            result = run_import(uow, file, options, progress, remove_missing=remove_missing)
        except RemovalNotConfirmed as exc:
            report(exc)
            click.echo("Gebruik --remove-missing om die cijfers te laten verwijderen.", err=True)
            ctx.exit(exc.exit_code)
    for line in import_lines(result):
        click.echo(line)


@app.command("restore")
@click.option("--dataset", required=True, help="Naam van de dataset.")
@click.option(
    "--release", type=click.IntRange(min=1), required=True, help="De versie die weer geldt."
)
def restore(dataset: str, release: int) -> None:
    """Maak een oudere versie van een dataset opnieuw de geldende (als nieuwe versie)."""
    from krapte.datahub import service

    restored = service.restore_release(unit_of_work(write=True), dataset, release)
    click.echo(f"Versie {release} van {dataset} geldt opnieuw, als versie {restored.version}.")


@app.command("validate")
@format_option()
@click.option("--dataset", help="Alleen bevindingen over deze dataset.")
@click.option("--strict", is_flag=True, help="Eindig met code 1 als er fouten zijn.")
@click.pass_context
def validate(ctx: click.Context, fmt: OutputFormat, dataset: str | None, strict: bool) -> None:
    """Controleer de databank: totalen, dubbele cijfers, gaten en sprongen in reeksen."""
    from krapte.cli.progress import RowProgress
    from krapte.datahub import service
    from krapte.datahub.views import findings_view

    with closing(RowProgress("Waarnemingen lezen")) as progress:
        result = service.validate(unit_of_work(), dataset, progress)
    render(findings_view(result), fmt)
    if strict and result.has_errors:
        ctx.exit(1)
