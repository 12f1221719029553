"""`krapte fairs list`: the regional job fairs with their places, waiting list and visitors.

The list shows no personal data (counts only), as the public pages do.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.output import Column, TableView

app = group("Jobbeurzen: de regionale jobbeurzen met hun plaatsen, wachtlijst en bezoekers.")
BRUSSELS = ZoneInfo("Europe/Brussels")


@app.command("list")
@click.option("--province", help="Alleen de jobbeurzen in deze provincie (bv. Limburg).")
@click.option("--past", is_flag=True, help="De voorbije jobbeurzen (met hun bezoekers).")
@click.option(
    "--limit", type=click.IntRange(1, 100), default=50, show_default=True,
    help="Hoogstens zoveel jobbeurzen.",
)  # fmt: skip
@format_option()
def list_fairs(province: str | None, past: bool, limit: int, fmt: OutputFormat) -> None:
    """Toon de komende (of voorbije) jobbeurzen."""
    from krapte.fairs import service

    found = service.list_fairs(unit_of_work(), province=province or "", past=past, limit=limit)
    rows = [
        {
            **fair.as_dict(),
            "date": fair.starts_at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M"),
            "participants": len(fair.participants),
        }
        for fair in found.fairs
    ]
    columns = [
        Column("id", "Nr.", 0),
        Column("date", "Datum"),
        Column("title", "Jobbeurs"),
        Column("municipality", "Gemeente"),
        Column("province", "Provincie"),
        Column("participants", "Organisaties", 0),
        Column("capacity", "Plaatsen", 0),
        Column("registered", "Ingeschreven", 0),
        Column("waiting", "Wachtlijst", 0),
    ]
    if past:
        columns += [Column("visitors", "Bezoekers", 0), Column("applications", "Sollicitaties", 0)]
    shown = f"{len(rows)} van {found.total}" if found.total > len(rows) else ""
    render(
        TableView(
            "Voorbije jobbeurzen" if past else "Komende jobbeurzen",
            tuple(columns),
            rows,
            caption=shown,
            empty="Geen jobbeurzen die aan de filter voldoen.",
        ),
        fmt,
    )


@app.command("forget")
@click.option(
    "--days", type=click.IntRange(min=0), default=30, show_default=True,
    help="Bewaar de gegevens van bezoekers zoveel dagen na de beurs.",
)  # fmt: skip
def forget(days: int) -> None:
    """Wis namen en e-mailadressen van bezoekers van voorbije jobbeurzen (de aantallen blijven)."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.fairs import registrations
    from krapte.formatting import plural

    cleared = registrations.forget_past_visitors(unit_of_work(write=True), SYSTEM, days=days)
    click.echo(f"{plural(cleared, 'inschrijving', 'inschrijvingen')} gewist.")
