"""`krapte data ...` commands.

`import` and `validate` live here as plain functions registered at the bottom; `list` and
`export` are registered from :mod:`krapte.datahub.cli_export`.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from krapte.bootstrap import bootstrap
from krapte.cli.common import ReportFormat, console, fail, open_store, plural

app = typer.Typer(
    help="Datahub: datasets tonen, importeren, controleren en exporteren.", no_args_is_help=True
)

#: Files with more data rows than this get a progress bar.
PROGRESS_THRESHOLD = 5000
SEVERITY_LABELS = {"error": "fout", "warning": "waarschuwing", "info": "info"}


class _ImportProgress:
    """A Rich progress bar over rows, shown only for large files (on stderr)."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if total <= PROGRESS_THRESHOLD:
            return
        if self._bar is None:
            self._bar = Progress(
                TextColumn("Rijen lezen"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
            )
            self._bar.start()
            self._task = self._bar.add_task("import", total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def import_file(
    file: Path = typer.Argument(
        ..., help="CSV- of XLSX-bestand (een rij per instelling/opleiding, een kolom per jaar)."
    ),
    dataset: str = typer.Option(..., "--dataset", help="Dataset waarvan dit een nieuwe versie is."),
    measure: str | None = typer.Option(None, "--measure", help="Meting; standaard de dataset."),
    level: str = typer.Option("", "--level", help="Niveau voor rijen zonder niveaukolom."),
    unit: str = typer.Option("count", "--unit", help="Eenheid: count, percent, ratio, ..."),
    source: str | None = typer.Option(None, "--source", help="Bron; standaard de bestandsnaam."),
    section: str = typer.Option("", "--section", help="Rapportsectie, bv. 4.1.1."),
    table: str | None = typer.Option(None, "--table", help="Tabel-id; standaard de bestandsnaam."),
    label: str | None = typer.Option(None, "--label", help="Omschrijving van deze versie."),
    sheet: str | None = typer.Option(None, "--sheet", help="Tabblad (XLSX); standaard het eerste."),
) -> None:
    """Importeer een CSV- of XLSX-export als nieuwe versie van een dataset (alles of niets)."""
    from krapte.datahub.import_service import import_file as run_import
    from krapte.datahub.core.importer import ImportFileError, ImportOptions
    from krapte.db.migrate import upgrade

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
    container = bootstrap()
    upgrade(container.engine)
    progress = _ImportProgress()
    try:
        result = run_import(container.session_factory, file, options, progress)
    except ImportFileError as exc:
        progress.close()
        typer.echo(f"Fout: {file.name} is geweigerd; er is niets geïmporteerd.", err=True)
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    progress.close()
    new = " (nieuwe dataset)" if result.new_dataset else ""
    typer.echo(
        f"{plural(result.observations, 'waarneming', 'waarnemingen')} uit "
        f"{plural(result.data_rows, 'rij', 'rijen')} geïmporteerd als versie {result.version} "
        f"van {result.dataset}{new}."
    )
    if result.carried_over:
        typer.echo(
            f"{plural(result.carried_over, 'waarneming', 'waarnemingen')} van andere maatstaven "
            f"overgenomen uit versie {result.version - 1}."
        )


def validate(
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="Uitvoerformaat."),
    dataset: str | None = typer.Option(
        None, "--dataset", help="Alleen bevindingen over deze dataset."
    ),
    strict: bool = typer.Option(False, "--strict", help="Eindig met code 1 als er fouten zijn."),
) -> None:
    """Controleer de databank: totalen, dubbele cijfers, gaten en sprongen in reeksen."""
    from krapte.datahub import repository
    from krapte.datahub.core.checks import run_checks

    container = open_store()
    with container.session_factory() as session:
        known = {d.name for d in repository.list_datasets(session)}
        observations = repository.fetch_all_current(session)
        references = repository.references(session)
    if dataset is not None and dataset not in known:
        fail(f"onbekende dataset: {dataset}")
    findings = run_checks(observations, dataset, references)
    if fmt is ReportFormat.JSON:
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        table = Table(title="Controles op de databank")
        for column in ("Ernst", "Dataset", "Controle", "Bevinding"):
            table.add_column(column)
        for f in findings:
            table.add_row(SEVERITY_LABELS[f.severity], f.dataset, f.check, f.message)
        out = console()
        out.print(table)
        counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_LABELS}
        out.print(
            f"{len(observations)} waarnemingen gecontroleerd: {counts['error']} fouten, "
            f"{counts['warning']} waarschuwingen, {counts['info']} meldingen."
        )
    if strict and any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


app.command("import")(import_file)
app.command("validate")(validate)
