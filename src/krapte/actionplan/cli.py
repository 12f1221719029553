"""`krapte actionplan ...`: list the plan, record and update actions, import, export, report.

The command line acts as :data:`SYSTEM` (whoever types on the server has every right); every
change is recorded in the history like an edit in the browser, as "beheerder".
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import click

from krapte.accounts.core.permissions import SYSTEM
from krapte.actionplan.core.bundle import ACTOR_GROUPS, TERMS
from krapte.actionplan.core.followup import STATUS_LABELS, Change, status_of
from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render
from krapte.output import Column, TableView

app = group(
    "Actieplan: de 60 aanbevelingen opvolgen, bijwerken, importeren, exporteren, rapporteren."
)

STATUS_HELP = ", ".join(STATUS_LABELS.values())
actor_option = click.option(
    "--actor",
    type=click.Choice(list(ACTOR_GROUPS)),
    help="Alleen de aanbevelingen aan deze actorgroep.",
)
DAY = click.DateTime(formats=["%Y-%m-%d"])


def _write(handle: TextIO, text: str) -> None:
    handle.write(text)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@app.command("list")
@actor_option
@click.option("--status", help=f"Alleen deze status ({STATUS_HELP}).")
@click.option(
    "--priority", type=click.IntRange(1, 10), help="Alleen aanbevelingen bij deze prioriteit."
)
@click.option("--overdue", is_flag=True, help="Alleen wat over de einddatum is.")
@click.option(
    "--actions", "show_actions", is_flag=True, help="Toon de acties, niet de aanbevelingen."
)
@format_option()
def list_plan(
    actor: str | None,
    status: str | None,
    priority: int | None,
    overdue: bool,
    show_actions: bool,
    fmt: OutputFormat,
) -> None:
    """Toon de aanbevelingen (of hun acties) met hun opvolging."""
    from krapte.actionplan import service

    filters = service.Filters(
        actor_group=actor,
        priority=priority,
        status=status_of(status) if status else None,
        overdue=overdue,
    )
    found = service.overview(unit_of_work(), filters)
    if show_actions:
        actions = [
            action
            for row in found.rows
            for action in row.actions
            if not overdue or action.overdue(found.today)
        ]
        rows = [
            {
                **service.action_dict(action),
                "indicators": ";".join(action.indicators),
                "overdue": action.overdue(found.today),
            }
            for action in actions
        ]
        render(
            TableView(
                "Acties van het actieplan",
                (
                    Column("reference", "Actie"),
                    Column("title", "Titel"),
                    Column("owner", "Trekker"),
                    Column("contact_role", "Contact"),
                    Column("start_date", "Start"),
                    Column("due_date", "Einde"),
                    Column("status_label", "Status"),
                    Column("overdue", "Achterstand", labels={"True": "ja", "False": ""}),
                    Column("status", "status", hidden_in_table=True),
                    Column("indicators", "indicatoren", hidden_in_table=True),
                ),
                rows,
                empty="Geen acties die aan de filter voldoen.",
            ),
            fmt,
        )
        return
    rows = [
        {
            **row.as_dict(),
            "term_label": TERMS[row.recommendation.term],
            "text": row.recommendation.text,
            "actions": len(row.actions),
            "priorities": ";".join(str(p) for p in row.priorities),
        }
        for row in found.rows
    ]
    counts = ", ".join(f"{STATUS_LABELS[s]}: {count}" for s, count in found.counts.items() if count)
    render(
        TableView(
            "Aanbevelingen van het actieplan",
            (
                Column("number", "Nr.", 0),
                Column("actor_group_label", "Actor"),
                Column("term_label", "Termijn"),
                Column("status_label", "Status"),
                Column("actions", "Acties", 0),
                Column("overdue_actions", "Achterstand", 0),
                Column("text", "Aanbeveling"),
                Column("actor_group", "actor_group", hidden_in_table=True),
                Column("term", "term", hidden_in_table=True),
                Column("status", "status", hidden_in_table=True),
                Column("priorities", "prioriteiten", hidden_in_table=True),
            ),
            rows,
            caption="Bron: Arbeidsmarktkrapte in Sociaal Werk (2025), hoofdstuk 5.",
            empty="Geen aanbevelingen die aan de filter voldoen.",
            notes=(f"Per status: {counts}.",) if counts else (),
        ),
        fmt,
    )


@app.command("add")
@click.argument("recommendation", type=click.IntRange(min=1))
@click.option("--title", required=True, help="Wat de actie doet.")
@click.option("--owner", required=True, help="De organisatie die de actie trekt.")
@click.option("--contact-role", default="", help="De rol van de contactpersoon (geen naam).")
@click.option("--start", type=DAY, help="Startdatum (JJJJ-MM-DD).")
@click.option("--due", type=DAY, help="Einddatum (JJJJ-MM-DD).")
@click.option("--indicator", "indicators", multiple=True, help="Gekoppelde indicator (herhaal).")
def add(
    recommendation: int,
    title: str,
    owner: str,
    contact_role: str,
    start: datetime | None,
    due: datetime | None,
    indicators: tuple[str, ...],
) -> None:
    """Leg een nieuwe actie vast bij een aanbeveling."""
    from krapte.actionplan import service

    new = service.NewAction(title, owner, contact_role, _day(start), _day(due), indicators)
    action = service.add_action(unit_of_work(write=True), SYSTEM, recommendation, new)
    click.echo(f"Actie {action.reference} vastgelegd: {action.title} ({action.status_label}).")


@app.command("update")
@click.argument("reference")
@click.option("--status", help=f"Nieuwe status ({STATUS_HELP}).")
@click.option("--note", default="", help="Notitie bij de wijziging of voortgang.")
@click.option("--evidence", default="", help="Link naar een bewijsstuk (https://...).")
@click.option("--reopen", is_flag=True, help="Heropen een afgeronde of stopgezette actie.")
@click.option("--title", help="Nieuwe titel.")
@click.option("--owner", help="Nieuwe trekker (organisatie).")
@click.option("--contact-role", help="Nieuwe rol van de contactpersoon.")
@click.option("--start", type=DAY, help="Nieuwe startdatum (JJJJ-MM-DD).")
@click.option("--due", type=DAY, help="Nieuwe einddatum (JJJJ-MM-DD).")
def update(
    reference: str,
    status: str | None,
    note: str,
    evidence: str,
    reopen: bool,
    title: str | None,
    owner: str | None,
    contact_role: str | None,
    start: datetime | None,
    due: datetime | None,
) -> None:
    """Werk een actie bij: 36.1, of 36 als de aanbeveling één actie heeft."""
    from krapte.actionplan import service

    number, action = service.parse_reference(reference)
    fields: dict[str, object] = {
        name: value
        for name, value in (("title", title), ("owner", owner), ("contact_role", contact_role))
        if value is not None
    }
    if start is not None:
        fields["start_date"] = start.date()
    if due is not None:
        fields["due_date"] = due.date()
    change = Change(
        fields=fields,
        status=status_of(status) if status else None,
        reopen=reopen,
        note=note,
        evidence_url=evidence,
    )
    state, events = service.change_action(unit_of_work(write=True), SYSTEM, number, action, change)
    what = ", ".join(event.label for event in events)
    click.echo(f"Actie {state.reference} bijgewerkt ({what}): {state.status_label}.")


@app.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Bestandsformaat.",
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), help="Schrijf naar dit bestand."
)
def export(fmt: str, out: Path | None) -> None:
    """Exporteer alle acties (en aanbevelingen zonder actie) om in een rekenblad bij te houden."""
    from krapte.actionplan import exchange
    from krapte.tabular import write_csv, write_text_atomically

    rows = exchange.export_rows(unit_of_work())
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            write_text_atomically(out, lambda handle: _write(handle, text))
    else:
        values = [[row[key] for key in exchange.COLUMNS] for row in rows]
        write_csv(out if out is not None else sys.stdout, exchange.COLUMNS, values)
    if out is not None:
        click.echo(f"{len(rows)} rijen geschreven naar {out.name}.")


@app.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_(file: Path) -> None:
    """Importeer een bijgewerkte export (CSV, XLSX of JSON): alles of niets."""
    from krapte.actionplan import exchange

    result = exchange.import_file(unit_of_work(write=True), SYSTEM, file)
    click.echo(
        f"{file.name}: {result.created} nieuwe acties, {result.changed} gewijzigd, "
        f"{result.unchanged} ongewijzigd ({result.events} gebeurtenissen vastgelegd)."
    )


@app.command("report")
@click.option(
    "--actor", type=click.Choice(list(ACTOR_GROUPS)), required=True, help="De actorgroep."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Het rapport: .html (op zichzelf staand) of .pdf.",
)
def report(actor: str, out: Path) -> None:
    """Schrijf een voortgangsrapport voor één actorgroep, met de gekoppelde indicatoren."""
    from krapte.actionplan import report as reports

    written = reports.write_report(unit_of_work(), actor, out)
    click.echo(f"Rapport voor {ACTOR_GROUPS[actor]} geschreven naar {written.name}.")
