"""`krapte placement indicators | person | anonymise`: outcomes and personal data of rounds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import click

from krapte.cli import group, unit_of_work
from krapte.cli.dutch import Command
from krapte.cli.render import OutputFormat, format_option, render
from krapte.formatting import plural
from krapte.output import Column, TableView

INDICATOR_COLUMNS = (
    Column("geography", "provincie"),
    Column("category", "sector"),
    Column("fill", "vulgraad (%)", 1),
    Column("first_choice", "eerste keuze (%)", 1),
    Column("confirmation", "bevestigd (%)", 1),
    Column("to_job", "jobaanbod (%)", 1),
)


@click.command("indicators", cls=Command)
@click.argument("round_id", type=click.IntRange(min=1), metavar="RONDE")
@click.option(
    "--publish",
    is_flag=True,
    help="Bewaar de indicatoren als nieuwe versie van de dataset stageplaatsing in de datahub.",
)
@format_option()
def indicators(round_id: int, publish: bool, fmt: OutputFormat) -> None:
    """Toon de indicatoren van de gepubliceerde toewijzing van een ronde (nummer RONDE)."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.placement.rounds import outcomes

    if publish:
        published = outcomes.publish_indicators(unit_of_work(write=True), SYSTEM, round_id)
        found = published.indicators
    else:
        found = outcomes.round_indicators(unit_of_work(), SYSTEM, round_id)
    rows = [
        {"geography": g.geography, "category": g.category or "alle sectoren"}
        | {key: rate.percent for key, rate in g.rates().items()}
        for g in found.groups
    ]
    render(
        [
            TableView(
                title=f"Indicatoren van stageronde {found.round_name} ({found.period})",
                columns=INDICATOR_COLUMNS,
                rows=rows,
                caption=found.source,
                notes=(
                    "Een leeg vak: minder dan "
                    f"{plural(found.threshold, 'persoon', 'personen')}, niet gepubliceerd.",
                ),
            )
        ],
        fmt,
    )
    if publish and fmt is OutputFormat.TABLE:
        if published.created:
            click.echo(
                f"Bewaard als versie {published.version} van dataset {published.dataset} "
                f"({plural(published.figures, 'cijfer', 'cijfers')})."
            )
        else:
            click.echo(
                f"Dataset {published.dataset} had deze cijfers al (versie {published.version})."
            )


person = group("Persoonsgegevens van één student in de stagerondes: inzien en wissen.")
person.name = "person"


@person.command("export", cls=Command)
@click.argument("who", metavar="E-MAIL")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="JSON-bestand voor de gegevens.",
)
def export_person(who: str, out: Path) -> None:
    """Schrijf alles wat over een student bewaard is (elke ronde) naar een JSON-bestand."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.placement.rounds import personal_data
    from krapte.tabular import write_text_atomically

    found = personal_data.export_student(unit_of_work(), SYSTEM, who)
    text = json.dumps(found.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def fill(handle: TextIO) -> None:
        handle.write(text)

    write_text_atomically(out, fill)
    out.chmod(0o600)
    click.echo(
        f"Gegevens uit {plural(len(found.rounds), 'ronde', 'rondes')} geschreven naar {out}."
    )


@person.command("delete", cls=Command)
@click.argument("who", metavar="E-MAIL")
@click.option("--yes", is_flag=True, help="Bevestig dat de gegevens gewist mogen worden.")
def delete_person(who: str, yes: bool) -> None:
    """Wis een student uit elke ronde (de rijen van toewijzingen blijven, met een pseudoniem)."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.placement.rounds import personal_data

    if not yes:
        click.echo("Er is niets gewist: bevestig met --yes.", err=True)
        raise SystemExit(1)
    done = personal_data.delete_student(unit_of_work(write=True), SYSTEM, who)
    click.echo(
        f"Gewist uit {plural(len(done.rounds), 'ronde', 'rondes')} "
        f"({', '.join(done.rounds)}): {plural(done.preferences, 'keuze', 'keuzes')}, "
        f"{plural(done.outcomes, 'opvolging', 'opvolgingen')}; "
        f"{plural(done.assignments_pseudonymised, 'toewijzingsrij', 'toewijzingsrijen')} "
        "kregen een pseudoniem."
    )


@click.command("anonymise", cls=Command)
@click.option("--dry-run", is_flag=True, help="Toon alleen welke rondes geanonimiseerd worden.")
@format_option()
def anonymise(dry_run: bool, fmt: OutputFormat) -> None:
    """Anonimiseer rondes ouder dan de bewaartermijn (KRAPTE_PLACEMENT_RETENTION_DAYS)."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.placement.rounds import personal_data

    done = personal_data.anonymise_rounds(unit_of_work(write=not dry_run), SYSTEM, dry_run=dry_run)
    title = "Rondes die geanonimiseerd worden" if dry_run else "Geanonimiseerde rondes"
    render(
        [
            TableView(
                title=title,
                columns=(
                    Column("round_id", "nummer", 0),
                    Column("name", "ronde"),
                    Column("reference", "gepubliceerd of gemaakt op"),
                    Column("students", "studenten", 0),
                ),
                rows=[item.as_dict() for item in done],
                empty="Geen enkele ronde is ouder dan de bewaartermijn.",
            )
        ],
        fmt,
    )
