"""`krapte backup`, `krapte restore` and `krapte db upgrade|current|history`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from krapte.cli import group, store
from krapte.cli.dutch import Command
from krapte.cli.errors import report
from krapte.cli.render import OutputFormat, format_option, render
from krapte.formatting import number
from krapte.output import Column, TableView

if TYPE_CHECKING:
    from krapte.operations.service import BackupResult

db = group("Databank: de structuur bijwerken, tonen en haar geschiedenis bekijken.")


def _say(text: str) -> None:
    click.echo(text)


def _describe_backup(taken: BackupResult) -> None:
    manifest = taken.manifest
    _say(
        f"Back-up geschreven: {taken.file} ({number(manifest.rows)} rijen in "
        f"{number(len(manifest.tables))} tabellen, structuur {manifest.revision})."
    )


@click.command("backup", cls=Command)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Het back-upbestand dat je wilt maken (bijvoorbeeld krapte-back-up.tar.gz).",
)
def backup(out: Path) -> None:
    """Maak een back-up van de databank in één bestand, ook terwijl krapte draait."""
    from krapte.operations.service import backup as take

    _describe_backup(take(store(), out))


@click.command("restore", cls=Command)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--replace",
    is_flag=True,
    help="Vervang de gegevens die al in de databank staan (anders weigert krapte).",
)
def restore(file: Path, replace: bool) -> None:
    """Zet een back-up terug: alles of niets, alleen op een lege databank tenzij je vervangt."""
    from krapte.operations.service import StoreNotEmpty
    from krapte.operations.service import restore as put_back

    try:
        done = put_back(store(), file, replace=replace)
    except StoreNotEmpty as exc:
        report(exc)
        click.echo("Gebruik --replace om de huidige gegevens te vervangen.", err=True)
        raise SystemExit(exc.exit_code) from exc
    manifest = done.manifest
    _say(
        f"Back-up van {manifest.created_at} teruggezet: {number(manifest.rows)} rijen in "
        f"{number(len(manifest.tables))} tabellen."
    )
    if done.migrated:
        _say(f"De structuur is bijgewerkt van {manifest.revision} naar {done.revision}.")


@db.command("upgrade", cls=Command)
@click.option(
    "--backup",
    "take_backup",
    is_flag=True,
    help="Maak eerst een back-up in de map backups van KRAPTE_HOME als de databank bestaat "
    "en een oudere structuur heeft.",
)
def upgrade(take_backup: bool) -> None:
    """Werk de structuur van de databank bij tot de nieuwste (maakt ze aan als ze ontbreekt)."""
    from krapte.operations.service import upgrade_store

    done = upgrade_store(store(), take_backup=take_backup)
    if done.backup is not None:
        _describe_backup(done.backup)
    if done.before == done.after:
        _say(f"De databank heeft al de nieuwste structuur ({done.after}).")
    else:
        _say(f"Structuur bijgewerkt van {done.before or 'niets'} naar {done.after}.")


@db.command("current", cls=Command)
def current() -> None:
    """Toon de structuur (revisie) van de databank en of ze de nieuwste is."""
    from krapte.operations.service import status

    now = status(store())
    if now.revision is None:
        _say(f"De databank is nog niet ingericht (nieuwste structuur: {now.head}).")
    elif now.at_head:
        _say(f"{now.revision} (de nieuwste structuur)")
    else:
        _say(f"{now.revision} (verouderd: de nieuwste structuur is {now.head})")
        raise SystemExit(1)


@db.command("history", cls=Command)
@format_option(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV)
def history(fmt: OutputFormat) -> None:
    """Toon alle structuurversies (revisies) van de databank, van de eerste tot de nieuwste."""
    from krapte.operations.service import history as revisions

    rows = [
        {"order": order, "revision": revision, "title": title}
        for order, (revision, title) in enumerate(revisions(), start=1)
    ]
    columns = (Column("order", "Nr.", 0), Column("revision", "Revisie"), Column("title", "Wat"))
    render(TableView("Structuurversies van de databank", columns, rows), fmt)
