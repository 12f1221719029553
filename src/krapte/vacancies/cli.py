"""`krapte vacancies list|import|stats`: the command line acts as :data:`SYSTEM`."""

from __future__ import annotations

from pathlib import Path

import click

from krapte.accounts.core.permissions import SYSTEM
from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.output import Column, TableView

app = group("Vacatures: oplijsten, importeren uit een bestand, statistieken naar de databank.")


@app.command("list")
@click.option("--regio", default="", help="Alleen deze regio (provincie of Brussel).")
@click.option("--diploma", default="", help="Alleen vacatures die dit diploma aanvaarden.")
@click.option("--niveau", default="", help="Alleen dit niveau (graduaat, bachelor, master).")
@click.option("--sector", default="", help="Alleen deze sector.")
@click.option("--organisatie", default="", help="Alleen deze organisatie.")
@click.option(
    "--limiet", type=click.IntRange(1, 500), default=50, show_default=True, help="Hoeveel rijen."
)
@format_option()
def list_vacancies(
    regio: str,
    diploma: str,
    niveau: str,
    sector: str,
    organisatie: str,
    limiet: int,
    fmt: OutputFormat,
) -> None:
    """Toon de open vacatures, nieuwste eerst."""
    from krapte.vacancies import service
    from krapte.vacancies.core.search import Search

    search = Search(
        region=regio, diploma=diploma, level=niveau, sector=sector, organisation=organisatie
    )
    found = service.search(unit_of_work(), search, page_size=limiet)
    rows = [
        {
            "id": v.id,
            "title": v.title,
            "organisation": v.organisation,
            "municipality": v.municipality,
            "province": v.province,
            "programme": v.programme,
            "level": v.level,
            "hours": v.hours,
            "closes_on": v.closes_on.isoformat(),
        }
        for v in found.vacancies
    ]
    render(
        TableView(
            "Open vacatures",
            (
                Column("id", "Nr.", 0),
                Column("title", "Titel"),
                Column("organisation", "Organisatie"),
                Column("municipality", "Gemeente"),
                Column("province", "Regio"),
                Column("programme", "Diploma"),
                Column("level", "Niveau"),
                Column("hours", "Uren", 1),
                Column("closes_on", "Tot"),
            ),
            rows,
            empty="Geen open vacatures die aan de filter voldoen.",
            notes=(f"{found.total} open vacatures in totaal.",),
        ),
        fmt,
    )


@app.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_file(file: Path) -> None:
    """Lees vacatures uit een CSV- of Excelbestand (alles of niets)."""
    from krapte.vacancies.imports import import_vacancies

    result = import_vacancies(unit_of_work(write=True), SYSTEM, file)
    click.echo(f"{len(result.created)} vacatures gepubliceerd.")
    if result.warnings:
        click.echo(
            f"De schrijfhulp heeft tips bij {result.warnings} vacatures "
            "(bv. '(m/v/x)' in de titel); ze zijn wel gepubliceerd."
        )


@app.command("purge")
def purge() -> None:
    """Wis de sollicitaties bij vacatures die meer dan een jaar geleden sloten."""
    from krapte.vacancies import service

    deleted = service.purge_applications(unit_of_work(write=True), SYSTEM)
    click.echo(f"{deleted} sollicitaties gewist.")


@app.command("stats")
@click.option(
    "--publish",
    is_flag=True,
    help="Bewaar de cijfers ook in de databank (dataset vacatures, bron krapte vacatures).",
)
@format_option()
def stats(publish: bool, fmt: OutputFormat) -> None:
    """Tel de vacatures per diploma, niveau, provincie, sector en maand, en de dagen open."""
    from krapte.vacancies import figures

    found = figures.compute(unit_of_work())
    rows = [
        {
            "measure": obs.measure,
            "period": obs.period,
            "geography": obs.geography,
            "programme": obs.programme,
            "level": obs.level,
            "sector": obs.category,
            "value": obs.value,
        }
        for obs in found
    ]
    notes: tuple[str, ...] = ()
    if publish:
        stored = figures.publish_statistics(unit_of_work(write=True), SYSTEM)
        notes = (
            f"Dataset {stored.dataset}, versie {stored.version}"
            + (" (nieuw)." if stored.created else " (ongewijzigd)."),
        )
    render(
        TableView(
            "Vacatures in krapte",
            (
                Column("measure", "Maatstaf"),
                Column("period", "Maand"),
                Column("geography", "Regio"),
                Column("programme", "Diploma"),
                Column("level", "Niveau"),
                Column("sector", "Sector"),
                Column("value", "Waarde", 1),
            ),
            rows,
            caption="Bron: krapte vacatures.",
            empty="Er zijn nog geen vacatures.",
            notes=notes,
        ),
        fmt,
    )
