"""`krapte placement import-round | rounds | run-round`: placement rounds kept in the database."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from krapte.bootstrap import bootstrap
from krapte.cli.common import OutputFormat, console, fail
from krapte.placement.cli import (
    MaxChoicesOption,
    OffersOption,
    OutFolderOption,
    PreferencesOption,
    SeedOption,
    StudentsOption,
    input_failure,
    print_summary,
)
from krapte.db.engine import transaction
from krapte.db.migrate import upgrade
from krapte.placement.files import InputError, OutputExistsError, check_output_folder
from krapte.placement.service import InputPaths
from krapte.placement.repository import StorageError, import_round, list_rounds, run_stored_round

NameOption = typer.Option(..., "--name", help="Naam van de ronde, bv. 2026-voorjaar.")


def register(app: typer.Typer) -> None:
    app.command("import-round")(import_round_command)
    app.command("rounds")(rounds_command)
    app.command("run-round")(run_round_command)


def import_round_command(
    name: str = NameOption,
    offers: Path = OffersOption,
    students: Path = StudentsOption,
    preferences: Path = PreferencesOption,
    max_choices: int = MaxChoicesOption,
) -> None:
    """Bewaar een ronde (aanbod, studenten, voorkeuren) in de databank: alles of niets."""
    container = bootstrap()
    upgrade(container.engine)
    try:
        with transaction(container.session_factory) as session:
            import_round(session, name, InputPaths(offers, students, preferences), max_choices)
    except InputError as exc:
        input_failure(exc)
    except StorageError as exc:
        fail(str(exc))
    typer.echo(f"Ronde '{name}' bewaard.")


def rounds_command(
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="Uitvoerformaat."),
) -> None:
    """Toon de bewaarde plaatsingsrondes."""
    container = bootstrap()
    upgrade(container.engine)
    with container.session_factory() as session:
        rows = list_rounds(session)
    if fmt is not OutputFormat.TABLE:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Plaatsingsrondes")
    headers = {
        "name": "ronde",
        "max_choices": "max. keuzes",
        "created_at": "bewaard op",
        "offers": "aanbod",
        "students": "studenten",
        "runs": "uitgevoerde toewijzingen",
    }
    for header in headers.values():
        table.add_column(header)
    for row in rows:
        table.add_row(*(str(row[key]) for key in headers))
    console().print(table)


def run_round_command(
    name: str = NameOption,
    seed: int = SeedOption,
    out: Path = OutFolderOption,
) -> None:
    """Wijs een bewaarde ronde toe, schrijf de uitvoermap en bewaar de toewijzing."""
    container = bootstrap()
    upgrade(container.engine)
    try:
        check_output_folder(out)
        with transaction(container.session_factory) as session:
            summary = run_stored_round(session, name, seed, out)
    except (StorageError, OutputExistsError) as exc:
        fail(str(exc))
    print_summary(summary)
