"""`krapte users ...`: add, invite, list and disable users; make API tokens.

The command line acts as :data:`SYSTEM` (whoever types on the server has every right). Roles
are given by their English key.
"""

from __future__ import annotations

import sys

import click

from krapte.accounts.core.permissions import ROLE_LABELS, SYSTEM, Role
from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.output import Column, TableView

ROLES_HELP = "; ".join(f"{role.value}: {label}" for role, label in ROLE_LABELS.items())

app = group("Gebruikers: toevoegen, uitnodigen, tonen, uitschakelen en API-sleutels maken.")

role_option = click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help=f"Rol van de gebruiker ({ROLES_HELP}).",
)
school_option = click.option(
    "--school",
    "schools",
    multiple=True,
    help="School waarvoor een stagecoördinator werkt (herhaal voor meer scholen).",
)
organisation_option = click.option(
    "--organisation",
    "organisations",
    multiple=True,
    help="Organisatie waarvoor een medewerker werkt (herhaal voor meer organisaties).",
)


@app.command("add")
@click.argument("email")
@role_option
@school_option
@organisation_option
@click.option("--name", default="", help="Naam zoals de gebruiker die ziet.")
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord van de standaardinvoer.")
def add(
    email: str,
    role: str,
    schools: tuple[str, ...],
    organisations: tuple[str, ...],
    name: str,
    password_stdin: bool,
) -> None:
    """Voeg een gebruiker toe met een rol en een wachtwoord (minstens 12 tekens)."""
    from krapte.accounts import service

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord"
        )
    user = service.add_user(
        unit_of_work(write=True), SYSTEM, email, name, role, (*schools, *organisations), password
    )
    click.echo(f"Gebruiker toegevoegd: {user.email} ({ROLE_LABELS[Role(role)]}).")


@app.command("invite")
@click.argument("email")
@role_option
@school_option
@organisation_option
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Adres van de site, waarmee de link in de uitnodiging begint.",
)
def invite(
    email: str, role: str, schools: tuple[str, ...], organisations: tuple[str, ...], base_url: str
) -> None:
    """Nodig iemand uit met een link die één keer werkt en na een tijd verloopt."""
    from krapte.accounts import service
    from krapte.accounts.mail import SENT

    found = service.invite(
        unit_of_work(write=True), SYSTEM, email, role, (*schools, *organisations), base_url
    )
    if found.delivered_to == SENT:
        click.echo(f"Uitnodiging voor {found.email} verstuurd.")
    else:
        click.echo(f"Uitnodiging voor {found.email} geschreven in de outbox: {found.delivered_to}")


@app.command("list")
@format_option()
def list_users(fmt: OutputFormat) -> None:
    """Toon alle gebruikers met hun rollen."""
    from krapte.accounts import service

    users = service.list_users(unit_of_work(), SYSTEM)
    view = TableView(
        title="Gebruikers",
        columns=(
            Column("email", "E-mailadres"),
            Column("name", "Naam"),
            Column("roles", "Rollen"),
            Column("scopes", "Scholen en organisaties"),
            Column("disabled", "Uitgeschakeld", labels={"True": "ja", "False": "nee"}),
            Column("last_login_at", "Laatst aangemeld"),
        ),
        rows=[
            {
                "email": u.email,
                "name": u.name,
                "roles": ";".join(sorted(str(r) for r in u.roles)),
                "scopes": ";".join(m.scope for m in u.memberships if m.scope),
                "disabled": u.disabled,
                "last_login_at": u.last_login_at.isoformat(timespec="seconds")
                if u.last_login_at
                else "",
            }
            for u in users
        ],
        empty="Er zijn nog geen gebruikers.",
    )
    render([view], fmt)


@app.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Schakel een gebruiker uit: aanmelden kan niet meer, open sessies stoppen meteen."""
    from krapte.accounts import service

    user = service.disable_user(unit_of_work(write=True), SYSTEM, email)
    click.echo(f"Gebruiker uitgeschakeld: {user.email}.")


@app.command("token")
@click.argument("email")
@click.option("--name", required=True, help="Naam van de sleutel (waarvoor hij dient).")
def token(email: str, name: str) -> None:
    """Maak een API-sleutel voor een gebruiker; hij wordt maar één keer getoond."""
    from krapte.accounts import service

    user = service.find_user(unit_of_work(), SYSTEM, email)
    made = service.create_api_token(unit_of_work(write=True), SYSTEM, name, user_id=user.id)
    click.echo(f"API-sleutel '{made.token.name}' voor {user.email} (bewaar hem nu, hij wordt")
    click.echo("niet meer getoond):")
    click.echo(made.secret)
