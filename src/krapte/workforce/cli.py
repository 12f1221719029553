"""`krapte workforce ...`: organisations, staff record imports, indicators and the sector.

The command line acts as :data:`SYSTEM` (an administrator); commands parse, call the service and
render.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from krapte.accounts.core.permissions import SYSTEM
from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.errors import InvalidInput
from krapte.workforce.core.records import REGIONS, SIZE_CLASSES, SUBSECTORS
from krapte.workforce.core.sector import BREAKDOWNS, parse_breakdown
from krapte.workforce.views import (
    INDICATOR_VIEWS,
    indicators_view,
    organisations_view,
    sector_view,
)

app = group("Personeelsmonitor: organisaties, personeelsgegevens, indicatoren en de sector.")
organisation = group("Organisaties: registreren en tonen.")
app.add_command(organisation, "organisation")


@organisation.command("add")
@click.argument("name")
@click.option("--subsector", required=True, help=f"Subsector: {', '.join(SUBSECTORS)}.")
@click.option("--size-class", required=True, help=f"Grootteklasse: {', '.join(SIZE_CLASSES)}.")
@click.option("--province", required=True, help=f"Provincie: {', '.join(REGIONS)}.")
@click.option("--municipality", default="", help="Gemeente (niet verplicht).")
def add_organisation(
    name: str, subsector: str, size_class: str, province: str, municipality: str
) -> None:
    """Registreer een organisatie (dezelfde naam als op de accounts van haar medewerkers)."""
    from krapte.workforce import service

    found = service.register_organisation(
        unit_of_work(write=True), SYSTEM, name, subsector, size_class, province, municipality
    )
    click.echo(f"Organisatie geregistreerd: {found.name} ({found.subsector}, {found.province}).")


@organisation.command("list")
@format_option()
def list_organisations(fmt: OutputFormat) -> None:
    """Toon alle organisaties met hun aantal personeelsrecords."""
    from krapte.workforce import service

    render(organisations_view(service.list_organisations(unit_of_work(), SYSTEM)), fmt)


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.single(
            "een datum zoals 2025-12-31", field="datum van de gegevens"
        ) from None


@app.command("import")
@click.option("--org", "org", required=True, help="Naam van de organisatie.")
@click.option(
    "--sheet", default=None, help="Werkblad van een Excel-bestand (standaard het eerste)."
)
@click.option(
    "--as-of",
    default=None,
    callback=_as_of,
    help="Datum die het bestand beschrijft, bijvoorbeeld 2025-12-31 (standaard vandaag).",
)
@click.argument("file", type=click.Path(path_type=Path))
def import_records(org: str, sheet: str | None, as_of: date | None, file: Path) -> None:
    """Vervang de personeelsgegevens van een organisatie door het bestand (alles of niets)."""
    from krapte.workforce import service

    result = service.import_records(
        unit_of_work(write=True), SYSTEM, org, file, sheet=sheet, as_of=as_of
    )
    click.echo(
        f"{result.records} personeelsrecords en {result.absences} afwezigheden ingelezen voor "
        f"{result.organisation} (gegevens van {result.records_as_of})."
    )


@app.command("indicators")
@click.option("--org", "org", required=True, help="Naam van de organisatie.")
@click.option(
    "--view",
    "part",
    type=click.Choice(INDICATOR_VIEWS),
    default="years",
    show_default=True,
    help="Per jaar, per functie en niveau, teammix of redenen van vertrek.",
)
@format_option()
def indicators(org: str, part: str, fmt: OutputFormat) -> None:
    """Toon de indicatoren van een organisatie: in- en uitstroom, verloop, teammix, vertrek."""
    from krapte.workforce import service

    found = service.organisation_indicators(unit_of_work(), SYSTEM, org)
    render(indicators_view(found, part), fmt)


@app.command("sector")
@click.option(
    "--by",
    "by",
    default="subsector",
    show_default=True,
    help="Indeling: " + " | ".join(",".join(b) for b in BREAKDOWNS) + ".",
)
@click.option(
    "--publish",
    is_flag=True,
    help="Bewaar de beschermde cijfers per subsector, provincie en grootteklasse (en in totaal) "
    "in de datahub, als dataset 'werkkracht'.",
)
@format_option()
def sector(by: str, publish: bool, fmt: OutputFormat) -> None:
    """Toon de beschermde sectortabellen van de sociaal werkers (per jaar)."""
    from krapte.workforce import service

    if publish:
        from krapte.workforce.publish import publish_sector

        done = publish_sector(unit_of_work(write=True), SYSTEM)
        if not done.created:
            click.echo(
                f"De datahub had deze cijfers al (dataset {done.dataset}, versie {done.version})."
            )
        else:
            click.echo(
                f"{done.figures} beschermde cijfers bewaard in de datahub: dataset {done.dataset}, "
                f"versie {done.version}."
            )
        return
    breakdown = parse_breakdown(by)
    if breakdown is None:
        choices = " | ".join(",".join(b) for b in BREAKDOWNS)
        raise InvalidInput.single(f"kies een indeling uit: {choices}", field="indeling")
    render(sector_view(service.sector(unit_of_work(), SYSTEM, breakdown)), fmt)
