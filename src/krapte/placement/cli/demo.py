"""`krapte demo load`: a demo round with synthetic students and one account per role."""

from __future__ import annotations

import click

from krapte.cli import group, unit_of_work
from krapte.cli.dutch import Command
from krapte.formatting import plural

app = group("Demo: een stageronde met verzonnen gegevens en een account per rol.")


@app.command("load", cls=Command)
@click.option(
    "--students",
    type=click.IntRange(min=1, max=200_000),
    default=2000,
    show_default=True,
    help="Aantal studenten.",
)
@click.option(
    "--offers",
    type=click.IntRange(min=1, max=200_000),
    default=None,
    help="Aantal aanbiedingen (standaard een vijfde van het aantal studenten).",
)
@click.option(
    "--seed", type=click.IntRange(min=0), default=2026, show_default=True, help="Toevalszaad."
)
@click.option(
    "--if-missing",
    is_flag=True,
    help="Doe niets als de demoronde van dit jaar al bestaat (toon dan alleen het accountbestand).",
)
def load(students: int, offers: int | None, seed: int, if_missing: bool) -> None:
    """Vul de demoronde (opnieuw) en maak een account per rol met een nieuw wachtwoord."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.placement import demo
    from krapte.settings import get_settings

    if if_missing and demo.demo_round_exists(unit_of_work()):
        path = get_settings().home / demo.ACCOUNTS_FILE
        click.echo("De demoronde bestaat al.")
        if path.is_file():
            click.echo(f"Demo-accounts (uit {path}):")
            click.echo(path.read_text(encoding="utf-8"), nl=False)
        return
    done = demo.load_demo(
        unit_of_work(write=True), SYSTEM, students=students, offers=offers, seed=seed
    )
    verb = "vervangen" if done.replaced else "geladen"
    click.echo(
        f"{done.round_name} (nummer {done.round_id}) {verb}: "
        f"{plural(done.students, 'student', 'studenten')}, "
        f"{plural(done.offers, 'aanbieding', 'aanbiedingen')}; voorkeuren open."
    )
    for line in _other_demos():
        click.echo(line)
    if done.accounts:
        click.echo("Demo-accounts (wachtwoorden worden maar één keer getoond):")
        for account in done.accounts:
            click.echo(f"  {account.line()}")
        click.echo(f"Ook bewaard in {done.accounts_file} (alleen leesbaar voor jou).")


def _other_demos() -> list[str]:
    """The demos of the other capabilities, in the same store (one line each)."""
    from krapte.cli import container
    from krapte.experts import demo as experts
    from krapte.fairs import demo as fairs
    from krapte.vacancies import demo as vacancies

    built = container()
    return [*vacancies.load(built), *experts.load(built), *fairs.load(built)]
