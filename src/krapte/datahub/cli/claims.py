"""`krapte claims check`: the report's prose claims, evaluated on the store's figures."""

from __future__ import annotations

from pathlib import Path

import click

from krapte.cli import group, unit_of_work
from krapte.cli.render import OutputFormat, format_option, render

app = group("Uitspraken uit het rapport, getoetst aan de gegevens.")


@app.command("check")
@format_option()
@click.option(
    "--file",
    type=click.Path(path_type=Path),
    help="Claimsbestand (TOML); standaard het gebundelde claims.toml.",
)
@click.pass_context
def check(ctx: click.Context, fmt: OutputFormat, file: Path | None) -> None:
    """Toets de uitspraken van het rapport aan de gegevens in de databank.

    Eindigt met code 1 als de controle van een uitspraak niet uitgevoerd kan worden (een fout
    in het claimsbestand); een tegengesproken uitspraak is een bevinding, geen fout.
    """
    from krapte.datahub import service
    from krapte.datahub.views import claims_view

    report = service.check_claims_file(unit_of_work(), file)
    render(claims_view(report), fmt)
    if report.broken:
        ctx.exit(1)
