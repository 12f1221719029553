"""`krapte experts ...`: list the directory's profiles, approve one, remove one.

The command line acts as :data:`SYSTEM` (an administrator). E-mail addresses are shown only
here and on no page: whoever types on the server already holds the store.
"""

from __future__ import annotations

import click

from krapte.accounts.core.permissions import SYSTEM
from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.experts.core.profile import STATUS_LABELS, Status
from krapte.output import Column, TableView

app = group("Expertenlijst: profielen tonen, goedkeuren en verwijderen.")

STATUSES = {
    "onbevestigd": Status.UNCONFIRMED,
    "wachtend": Status.PENDING,
    "goedgekeurd": Status.APPROVED,
}
expert_id = click.argument("expert_id", type=click.IntRange(min=1), metavar="NUMMER")


@app.command("list")
@click.option(
    "--status",
    type=click.Choice(list(STATUSES)),
    help="Alleen profielen met deze status.",
)
@format_option()
def list_profiles(status: str | None, fmt: OutputFormat) -> None:
    """Toon de profielen van de expertenlijst (met hun status en toestemming)."""
    from krapte.experts import service

    found = service.profiles(unit_of_work(), SYSTEM, STATUSES[status] if status else None)
    view = TableView(
        title="Expertenlijst",
        columns=(
            Column("id", "Nummer"),
            Column("name", "Naam"),
            Column("email", "E-mailadres"),
            Column("region", "Regio"),
            Column("fields", "Expertise"),
            Column("status", "Status"),
            Column("consent_at", "Toestemming"),
        ),
        rows=[
            {
                "id": p.id,
                "name": p.public.name,
                "email": p.email,
                "region": p.public.region,
                "fields": ", ".join(p.public.fields),
                "status": STATUS_LABELS[p.status],
                "consent_at": p.consent_at.isoformat(timespec="seconds"),
            }
            for p in found
        ],
        empty="Er staan nog geen profielen in de expertenlijst.",
    )
    render([view], fmt)


@app.command("approve")
@expert_id
def approve(expert_id: int) -> None:
    """Keur een bevestigd profiel goed: het komt in de openbare lijst."""
    from krapte.experts import service

    done = service.approve(unit_of_work(write=True), SYSTEM, expert_id)
    click.echo(f"{done.public.name} staat nu in de expertenlijst.")


@app.command("remove")
@expert_id
def remove(expert_id: int) -> None:
    """Verwijder een profiel met al zijn gegevens (meteen uit de lijst)."""
    from krapte.experts import service

    service.remove(unit_of_work(write=True), SYSTEM, expert_id)
    click.echo(f"Profiel {expert_id} en zijn gegevens zijn gewist.")
