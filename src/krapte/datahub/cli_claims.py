"""`krapte claims ...` commands."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import typer
from rich.table import Table

from krapte.cli.common import ReportFormat, console, fail, number, open_store
from krapte.errors import os_error

app = typer.Typer(
    help="Uitspraken uit het rapport, getoetst aan de gegevens.", no_args_is_help=True
)


def check(
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="Uitvoerformaat."),
    file: Path | None = typer.Option(
        None, "--file", help="Claimsbestand (TOML); standaard het gebundelde claims.toml."
    ),
) -> None:
    """Toets de uitspraken van het rapport aan de gegevens in de databank."""
    from krapte.datahub import repository
    from krapte.datahub.core.claims import ClaimsFileError, check_claims, parse_claims

    try:
        if file is None:
            text = (files("krapte") / "data" / "claims.toml").read_text(encoding="utf-8")
        else:
            text = file.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{file}: kan het claimsbestand niet lezen ({os_error(exc)})")
    except UnicodeDecodeError:
        fail(f"{file}: het claimsbestand is geen UTF-8-tekst")
    try:
        claims = parse_claims(text, source=file.name if file else "claims.toml")
    except ClaimsFileError as exc:
        fail(str(exc))
    container = open_store()
    with container.session_factory() as session:
        observations = repository.fetch_all_current(session)
    results = check_claims(claims, observations)
    if fmt is ReportFormat.JSON:
        typer.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        table = Table(title="Uitspraken van het rapport getoetst aan de gegevens")
        for column in ("Claim", "Sectie", "Status", "Berekend", "Verwacht", "Uitspraak / fout"):
            table.add_column(column)
        for r in results:
            figure = "" if r.figure is None else _figure(r.figure)
            table.add_row(r.id, r.section, r.status, figure, r.expected, r.error or r.statement)
        out = console()
        out.print(table)
        counts = {
            s: sum(r.status == s for r in results)
            for s in ("ondersteund", "tegengesproken", "fout")
        }
        out.print(
            f"{len(results)} uitspraken: {counts['ondersteund']} ondersteund, "
            f"{counts['tegengesproken']} tegengesproken, {counts['fout']} fout."
        )
    if any(r.status == "fout" for r in results):
        raise typer.Exit(1)


app.command("check")(check)


def _figure(value: float) -> str:
    """Whole numbers as they are, others with two decimals, small ones with four (0,0136)."""
    if value.is_integer():
        return number(value)
    return number(value, 4 if abs(value) < 1 else 2)
