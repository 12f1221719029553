"""`krapte placement import-round | rounds | run-round`: placement rounds kept in the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from krapte.cli import unit_of_work
from krapte.cli.dutch import Command
from krapte.cli.render import OutputFormat, format_option, render
from krapte.formatting import plural
from krapte.output import Column, TableView
from krapte.placement.cli import options, show

if TYPE_CHECKING:
    from krapte.placement.core.model import RoundSummary

name_option = click.option("--name", required=True, help="Naam van de ronde, bv. 2026-voorjaar.")

ROUND_COLUMNS = (
    Column("name", "ronde"),
    Column("max_choices", "max. keuzes", 0),
    Column("created_at", "bewaard op"),
    Column("offers", "aanbod", 0),
    Column("students", "studenten", 0),
    Column("runs", "uitgevoerde toewijzingen", 0),
)


def rounds_view(found: list[RoundSummary]) -> TableView:
    return TableView(
        title="Plaatsingsrondes",
        columns=ROUND_COLUMNS,
        rows=[summary.as_dict() for summary in found],
        empty="Er zijn nog geen plaatsingsrondes bewaard.",
    )


@click.command("import-round", cls=Command)
@name_option
@options.input_files()
@options.max_choices
def import_round(
    name: str, offers: Path, students: Path, preferences: Path, max_choices: int
) -> None:
    """Bewaar een ronde (aanbod, studenten, voorkeuren) in de databank: alles of niets."""
    from krapte.placement import round_service
    from krapte.placement.service import InputPaths

    stored = round_service.import_round(
        unit_of_work(write=True), name, InputPaths(offers, students, preferences), max_choices
    )
    click.echo(
        f"Ronde '{stored.name}' bewaard: {plural(stored.students, 'student', 'studenten')}, "
        f"{plural(stored.offers, 'aanbieding', 'aanbiedingen')}."
    )


@click.command("rounds", cls=Command)
@format_option()
def rounds(fmt: OutputFormat) -> None:
    """Toon de bewaarde plaatsingsrondes."""
    from krapte.placement import round_service

    render(rounds_view(round_service.list_rounds(unit_of_work())), fmt)


@click.command("run-round", cls=Command)
@name_option
@options.seed()
@options.out_folder
def run_round(name: str, seed: int, out: Path) -> None:
    """Wijs een bewaarde ronde toe, schrijf de uitvoermap en bewaar de toewijzing."""
    from krapte.placement import round_service

    summary = round_service.run_stored_round(unit_of_work(write=True), name, seed, out)
    show.run_summary(summary)
