"""`krapte data list` and `krapte data export`: what the store holds, in the tidy format."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from krapte.cli.common import ExportFormat, OutputFormat, console, emit_rows, fail, open_store
from krapte.datahub import repository
from krapte.datahub.service import export_rows, render_export, restore_release
from krapte.db.engine import transaction
from krapte.errors import os_error


def register(app: typer.Typer) -> None:
    app.command("list")(list_datasets)
    app.command("export")(export)
    app.command("restore")(restore)


def restore(
    dataset: str = typer.Option(..., "--dataset", help="Naam van de dataset."),
    release: int = typer.Option(..., "--release", min=1, help="De versie die weer geldt."),
) -> None:
    """Maak een oudere versie van een dataset opnieuw de geldende (als nieuwe versie)."""
    container = open_store()
    try:
        with transaction(container.session_factory) as session:
            version = restore_release(session, dataset, release)
    except repository.UnknownDatasetError as exc:
        fail(str(exc))
    typer.echo(f"Versie {release} van {dataset} geldt opnieuw, als versie {version}.")


def list_datasets(
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Toon de datasets in de databank met hun versies."""
    container = open_store()
    with container.session_factory() as session:
        datasets = repository.list_datasets(session)
        rows: list[dict[str, object]] = [
            {
                "dataset": d.name,
                "titel": d.title,
                "versies": len(d.releases),
                "laatste_versie": d.releases[-1].version if d.releases else None,
                "rijen": d.releases[-1].row_count if d.releases else 0,
            }
            for d in datasets
        ]
    if fmt is not OutputFormat.TABLE:
        emit_rows(rows, fmt)
        return
    table = Table(title="Datasets in krapte")
    for column in ("dataset", "titel", "versies", "laatste_versie", "rijen"):
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(str(value) for value in row.values()))
    console().print(table)


def export(
    fmt: ExportFormat = typer.Option(ExportFormat.CSV, "--format", help="Uitvoerformaat."),
    out: Path | None = typer.Option(None, "--out", help="Bestand; standaard de terminal."),
    all_releases: bool = typer.Option(
        False, "--all-releases", help="Ook oudere versies, met een kolom release."
    ),
) -> None:
    """Schrijf de hele databank in het tidy formaat (één rij per waarneming)."""
    container = open_store()
    with container.session_factory() as session:
        text = render_export(
            export_rows(session, all_releases=all_releases), fmt.value, all_releases=all_releases
        )
    if out is None:
        typer.echo(text, nl=False)
    else:
        if not out.parent.is_dir():
            fail(f"{out.parent}: deze map bestaat niet; er is niets geschreven")
        try:
            write_atomically(out, text)
        except OSError as exc:
            fail(f"{out}: kan het bestand niet schrijven ({os_error(exc)}); er is niets geschreven")
        typer.echo(f"Geschreven: {out}", err=True)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written file."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
